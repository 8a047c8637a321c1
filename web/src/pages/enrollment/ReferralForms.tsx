// A provider's "Refer a member" form, and an ACO's/MCO's decision on a referral received.
import {
  CP_TYPES,
  type CpType,
  REFERRAL_DECLINE_REASON_LABELS,
  REFERRAL_DECLINE_REASONS,
  type ReferralDeclineReason,
} from '@contract/enrollment/assignment.labels.js';
import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api.js';
import { FormError } from '../../components/FormError.js';
import { confirmAction } from '../../confirm.js';
import { errorMessage, notifySaved, refuse, useSubmit } from '../../forms.js';
import {
  type ReferralItem,
  useDecideReferral,
  useReferralPlans,
  useSendReferral,
  useWithdrawReferral,
} from '../../queries/enrollment-identification.js';
import { useFormGuard } from '../../unsaved.js';

const blank = {
  planOrgId: '',
  masshealthId: '',
  familyName: '',
  givenName: '',
  dateOfBirth: '',
  cpType: '',
  reason: '',
};

/** A provider refers a member, on the member's behalf, to an ACO, MCO or plan it contracts with. */
const NO_PLAN = 'Choose the member’s ACO, MCO or plan';

/** The server's refusal of a referral sent without a plan, with the plan's own words for that field. */
function noPlan(err?: unknown): never {
  const others =
    err instanceof ApiError
      ? err.issues.filter((i) => i.path !== 'body.planOrgId' && i.path !== 'planOrgId')
      : [];
  if (others.length === 0) refuse('planOrgId', NO_PLAN);
  throw new ApiError(400, 'VALIDATION_FAILED', NO_PLAN, [
    { code: 'custom', path: 'body.planOrgId', message: NO_PLAN },
    ...others,
  ]);
}

export function ReferralForm({ onSent }: { onSent: () => void }) {
  const plans = useReferralPlans(true);
  const send = useSendReferral();
  const [v, setV] = useState(blank);
  const saved = useFormGuard(v);
  const set = (k: keyof typeof blank) => (e: { currentTarget: { value: string } }) =>
    setV({ ...v, [k]: e.currentTarget.value });
  const { errors, formError, submit } = useSubmit(async () => {
    const sent = send.mutateAsync({
      planOrgId: v.planOrgId,
      masshealthId: v.masshealthId,
      familyName: v.familyName,
      givenName: v.givenName,
      dateOfBirth: v.dateOfBirth,
      cpType: (v.cpType || null) as CpType | null,
      reason: v.reason,
    });
    // Without a plan the server refuses the referral too, naming every other field amiss: all are marked at
    // once, the plan in plain words.
    if (!v.planOrgId) await sent.then(noPlan, (err: unknown) => noPlan(err));
    await sent;
    notifySaved('Referral sent. The ACO or MCO accepts or declines it; its status shows below.');
    saved();
    setV(blank);
    onSent();
  });
  const none = plans.data?.items.length === 0;
  return (
    <form onSubmit={submit} noValidate aria-label="Refer a member">
      <Stack gap="sm">
        <FormError message={formError} />
        {none && (
          <Alert color="gray">
            Your organisation has no network contract in force with an ACO, MCO or plan, so it cannot refer a
            member yet.
          </Alert>
        )}
        <Select
          label="The member’s ACO, MCO or plan"
          name="planOrgId"
          required
          searchable
          data={(plans.data?.items ?? []).map((p) => ({ value: p.orgId, label: p.name }))}
          value={v.planOrgId || null}
          onChange={(planOrgId) => setV({ ...v, planOrgId: planOrgId ?? '' })}
          error={errors.planOrgId}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="MassHealth ID"
            description="12 digits"
            name="masshealthId"
            required
            inputMode="numeric"
            autoComplete="off"
            value={v.masshealthId}
            onChange={set('masshealthId')}
            error={errors.masshealthId}
          />
          <TextInput
            label="Date of birth"
            name="dateOfBirth"
            type="date"
            required
            value={v.dateOfBirth}
            onChange={set('dateOfBirth')}
            error={errors.dateOfBirth}
          />
          <TextInput
            label="Family name"
            name="familyName"
            required
            value={v.familyName}
            onChange={set('familyName')}
            error={errors.familyName}
          />
          <TextInput
            label="Given name"
            name="givenName"
            required
            value={v.givenName}
            onChange={set('givenName')}
            error={errors.givenName}
          />
        </SimpleGrid>
        <Select
          label="Community Partner type"
          name="cpType"
          placeholder="Not sure"
          clearable
          data={CP_TYPES.map((t) => ({
            value: t,
            label: t === 'BH' ? 'Behavioral health (BH)' : 'Long-term services and supports (LTSS)',
          }))}
          value={v.cpType || null}
          onChange={(cpType) => setV({ ...v, cpType: cpType ?? '' })}
          error={errors.cpType}
        />
        <Textarea
          label="Why the member needs Community Partner supports"
          name="reason"
          required
          autosize
          minRows={3}
          maxLength={2_000}
          value={v.reason}
          onChange={set('reason')}
          error={errors.reason}
        />
        <Text size="sm">
          You refer the member on their behalf. You will see whether the ACO or MCO accepts the referral, and
          its reason if it declines.
        </Text>
        <Group justify="flex-end">
          <Button type="submit" loading={send.isPending} disabled={none}>
            Send the referral
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The provider's own referral, waiting for a decision, taken back (after a question). */
export function ReferralWithdrawal({ referral }: { referral: ReferralItem }) {
  const withdraw = useWithdrawReferral();
  const [error, setError] = useState<string | null>(null);
  const who = `${referral.givenName} ${referral.familyName}`;
  async function run() {
    const ok = await confirmAction({
      title: 'Withdraw the referral?',
      message: `${referral.planName} will no longer be asked to decide on ${who}. You may refer them again later.`,
      confirmLabel: 'Withdraw',
      cancelLabel: 'Keep it',
    });
    if (!ok) return;
    setError(null);
    try {
      await withdraw.mutateAsync(referral.id);
      notifySaved(`Withdrawn: the referral of ${who}.`);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Stack gap={4}>
      <Button
        size="xs"
        variant="outline"
        color="red.9"
        loading={withdraw.isPending}
        onClick={() => void run()}
        aria-label={`Withdraw the referral of ${who}`}
      >
        Withdraw
      </Button>
      {error && (
        <Text size="xs" c="red.9" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/** Accept, or decline with a reason from the list: once, at the version shown. */
export function ReferralDecision({ referral }: { referral: ReferralItem & { version: number } }) {
  const decide = useDecideReferral();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState<ReferralDeclineReason | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const who = `${referral.givenName} ${referral.familyName}`;
  async function accept() {
    const ok = await confirmAction({
      title: 'Accept the referral?',
      message: `${who} will be identified for Community Partner supports, from this referral.`,
      confirmLabel: 'Accept',
      cancelLabel: 'Not now',
    });
    if (!ok) return;
    setError(null);
    try {
      await decide.mutateAsync({ referral });
      notifySaved(`Accepted: ${who} is identified.`);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  const { errors, formError, submit } = useSubmit(async () => {
    if (!reason) refuse('reason', 'Choose why you decline the referral');
    await decide.mutateAsync({ referral, decline: { reason, note: note.trim() || null } });
    notifySaved('Declined. The provider sees the reason, not your note.');
  });
  return (
    <Stack gap="xs">
      {error && (
        <Alert color="red" role="alert" title="Not accepted">
          {error}
        </Alert>
      )}
      {!declining ? (
        <Group gap="xs">
          <Button size="xs" onClick={() => void accept()} loading={decide.isPending}>
            Accept
          </Button>
          <Button size="xs" variant="default" onClick={() => setDeclining(true)}>
            Decline…
          </Button>
        </Group>
      ) : (
        <form onSubmit={submit} noValidate aria-label={`Decline the referral of ${who}`}>
          <Stack gap="xs">
            <FormError message={formError} />
            <Select
              label="Reason"
              name="reason"
              required
              data={REFERRAL_DECLINE_REASONS.map((r) => ({
                value: r,
                label: REFERRAL_DECLINE_REASON_LABELS[r],
              }))}
              value={reason}
              onChange={(r) => setReason(r as ReferralDeclineReason | null)}
              error={errors.reason}
            />
            <Textarea
              label="Note (kept here; the provider does not see it)"
              name="note"
              autosize
              maxLength={1_000}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              error={errors.note}
            />
            <Group gap="xs">
              <Button size="xs" type="submit" color="red.9" loading={decide.isPending}>
                Decline the referral
              </Button>
              <Button size="xs" variant="default" onClick={() => setDeclining(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
