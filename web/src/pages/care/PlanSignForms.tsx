import {
  SIGN_STEP_LABELS,
  SIGNER_ROLE_LABELS,
  SIGNER_ROLES,
  type SignerRole,
} from '@contract/care/plans.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { Button, Checkbox, FileInput, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { formatDate } from '../../format.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import { type PlanView, useSignPlan } from '../../queries/care-plans.js';
import { useSession } from '../../session.js';
import { useFormGuard } from '../../unsaved.js';
import { PlanContentView, planTitle } from './PlanContent.js';

const CHANNELS = {
  on_screen: 'On screen: the signer types their name here',
  uploaded: 'A signed page, scanned or photographed',
  fax: 'A signed page received by fax',
} as const;
type Channel = keyof typeof CHANNELS;
const PAGE_TYPES = '.pdf,.png,.jpg,.jpeg,.tif,.tiff';

/** The roles a clinical reviewer may sign in: those the signed-in person holds. */
export const reviewerRoles = (roles: readonly string[]) =>
  SIGNER_ROLES.clinical_review.filter((r) => roles.includes(r));

/**
 * The enrollee's signature or the PCP's approval: on screen (the plan shown, the signer types their name and
 * ticks that they read and agree), or a signed page uploaded or received by fax.
 */
export function SignatureForm({
  plan,
  step,
  onDone,
}: {
  plan: PlanView;
  step: 'enrollee' | 'pcp';
  onDone: () => void;
}) {
  const sign = useSignPlan(plan);
  const [v, setV] = useState({
    channel: 'on_screen' as Channel,
    signerRole: SIGNER_ROLES[step][0] as SignerRole,
    signerName: '',
    signedOn: massachusettsToday(),
    attested: false,
  });
  const [file, setFile] = useState<File | null>(null);
  const saved = useFormGuard({ ...v, file: file?.name });
  const onScreen = v.channel === 'on_screen';
  const agree =
    step === 'enrollee'
      ? 'I have read this care plan and agree with it'
      : 'I have read this care plan and approve it';
  const { errors, formError, submit } = useSubmit(
    async () => {
      if (!v.signerName.trim()) refuse('signerName', 'Write the signer’s name');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v.signedOn)) refuse('signedOn', 'Enter the day it was signed');
      if (!onScreen && !file) refuse('file', 'Choose the signed page: a PDF or an image');
      if (onScreen && !v.attested) refuse('attested', 'The signer ticks this to confirm they read and agree');
      const signed = await sign.mutateAsync({
        step,
        signerName: v.signerName.trim(),
        signerRole: v.signerRole,
        channel: v.channel,
        signedOn: v.signedOn,
        attested: onScreen && v.attested,
        file: onScreen ? null : file,
      });
      notifySaved(
        signed.status === 'signed'
          ? `${SIGN_STEP_LABELS[step]} recorded: ${planTitle(plan)} is signed and locked`
          : `${SIGN_STEP_LABELS[step]} recorded`,
      );
      saved();
      onDone();
    },
    { fileId: 'file' },
  );
  return (
    <form onSubmit={submit} noValidate aria-label={SIGN_STEP_LABELS[step]}>
      <Stack>
        <FormError message={formError} />
        <Radio.Group
          label="How is it signed?"
          name="channel"
          required
          value={v.channel}
          onChange={(c) => setV({ ...v, channel: c as Channel })}
          error={errors.channel}
        >
          <Stack mt="xs" gap="xs">
            {Object.entries(CHANNELS).map(([value, label]) => (
              <Radio key={value} value={value} label={label} />
            ))}
          </Stack>
        </Radio.Group>
        {onScreen && (
          <Stack gap="xs">
            <Text fw={700}>{planTitle(plan)}</Text>
            <Text size="sm">
              {step === 'enrollee'
                ? 'Give the screen to the enrollee (or their authorized representative): they read the plan below, type their name and tick the box.'
                : 'The PCP reads the plan below, types their name and ticks the box.'}
            </Text>
            <PlanContentView content={plan.content} headingOrder={3} />
          </Stack>
        )}
        <Radio.Group
          label="Signed by"
          name="signerRole"
          required
          value={v.signerRole}
          onChange={(r) => setV({ ...v, signerRole: r as SignerRole })}
          error={errors.signerRole}
        >
          <Group mt="xs">
            {SIGNER_ROLES[step].map((r) => (
              <Radio
                key={r}
                value={r}
                label={SIGNER_ROLE_LABELS[r]}
                aria-invalid={Boolean(errors.signerRole) || undefined}
              />
            ))}
          </Group>
        </Radio.Group>
        <TextInput
          label={onScreen ? 'Your name' : 'Name of the person who signed'}
          description={onScreen ? 'Typed by the person signing' : 'As written on the signed page'}
          name="signerName"
          required
          autoComplete="off"
          maxLength={200}
          value={v.signerName}
          onChange={(e) => setV({ ...v, signerName: e.currentTarget.value })}
          error={errors.signerName}
        />
        <TextInput
          label="Day signed"
          name="signedOn"
          type="date"
          required
          min={plan.sentOn ?? undefined}
          max={massachusettsToday()}
          value={v.signedOn}
          onChange={(e) => setV({ ...v, signedOn: e.currentTarget.value })}
          error={errors.signedOn}
          w={{ base: '100%', sm: 220 }}
        />
        {!onScreen && (
          <FileInput
            label="Signed page"
            description="PDF, PNG, JPEG or TIFF"
            name="file"
            required
            accept={PAGE_TYPES}
            clearable
            clearButtonProps={{ 'aria-label': 'Remove the signed page' }}
            value={file}
            onChange={setFile}
            error={errors.file}
          />
        )}
        {onScreen && (
          <Checkbox
            label={agree}
            name="attested"
            checked={v.attested}
            onChange={(e) => setV({ ...v, attested: e.currentTarget.checked })}
            error={errors.attested}
            aria-invalid={Boolean(errors.attested) || undefined}
          />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={sign.isPending}>
            {step === 'enrollee' ? 'Record the signature' : 'Record the approval'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The care team's clinical review, signed on screen by the RN or clinical care manager themselves. */
export function ClinicalReviewForm({ plan, onDone }: { plan: PlanView; onDone: () => void }) {
  const session = useSession();
  const sign = useSignPlan(plan);
  const roles = reviewerRoles(session.roles);
  const [v, setV] = useState({ signerName: session.name, signerRole: roles[0] ?? '', attested: false });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    if (!v.signerName.trim()) refuse('signerName', 'Write your name as you sign');
    if (!v.attested) refuse('attested', 'Tick this to confirm you reviewed the plan');
    const signed = await sign.mutateAsync({
      step: 'clinical_review',
      signerName: v.signerName.trim(),
      signerRole: v.signerRole,
      channel: 'on_screen',
      signedOn: massachusettsToday(),
      attested: true,
    });
    notifySaved(
      signed.status === 'signed'
        ? `Clinical review signed: ${planTitle(plan)} is signed and locked`
        : 'Clinical review signed',
    );
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Sign the clinical review">
      <Stack>
        <FormError message={formError} />
        <PlanContentView content={plan.content} headingOrder={3} />
        <TextInput
          label="Your name"
          name="signerName"
          required
          maxLength={200}
          value={v.signerName}
          onChange={(e) => setV({ ...v, signerName: e.currentTarget.value })}
          error={errors.signerName}
        />
        {roles.length > 1 ? (
          <Radio.Group
            label="Signing as"
            name="signerRole"
            required
            value={v.signerRole}
            onChange={(signerRole) => setV({ ...v, signerRole })}
            error={errors.signerRole}
          >
            <Group mt="xs">
              {roles.map((r) => (
                <Radio
                  key={r}
                  value={r}
                  label={SIGNER_ROLE_LABELS[r]}
                  aria-invalid={Boolean(errors.signerRole) || undefined}
                />
              ))}
            </Group>
          </Radio.Group>
        ) : (
          <Text size="sm">
            Signing as {SIGNER_ROLE_LABELS[v.signerRole as SignerRole]} on {formatDate(massachusettsToday())}.
          </Text>
        )}
        {errors.signerRole && roles.length <= 1 && (
          <Text size="sm" c="var(--mantine-color-error)">
            {errors.signerRole}
          </Text>
        )}
        <Checkbox
          label="I have reviewed this care plan for the care team"
          name="attested"
          checked={v.attested}
          onChange={(e) => setV({ ...v, attested: e.currentTarget.checked })}
          error={errors.attested}
          aria-invalid={Boolean(errors.attested) || undefined}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={sign.isPending}>
            Sign the clinical review
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
