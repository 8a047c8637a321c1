import { SIGNER_ROLE_LABELS, SIGNER_ROLES } from '@contract/care/plans.schemas.js';
import { Alert, Button, CopyButton, Group, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { formatDateTime } from '../../format.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import {
  type PlanLinkView,
  type PlanView,
  useCreatePlanLink,
  useSendPlan,
} from '../../queries/care-plans.js';
import { useFormGuard } from '../../unsaved.js';
import { planTitle } from './PlanContent.js';

/** Sends a draft for signatures, asking whether the care team's clinical review follows the PCP's approval. */
export function SendForm({ plan, onDone }: { plan: PlanView; onDone: () => void }) {
  const send = useSendPlan(plan);
  const [review, setReview] = useState('');
  const saved = useFormGuard(review);
  const { errors, formError, submit } = useSubmit(async () => {
    if (!review) refuse('clinicalReview', 'Choose whether the care team’s clinical review is needed');
    await send.mutateAsync(review === 'yes');
    notifySaved(`${planTitle(plan)} sent for signatures`);
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Send for signatures">
      <Stack>
        <FormError message={formError} />
        <Text>
          Once sent, what the plan says is fixed and the enrollee’s signature is due by the program’s rule.
          You can take it back to draft while nobody has signed it.
        </Text>
        <Radio.Group
          label="Is the care team’s clinical review needed?"
          description="A registered nurse or clinical care manager on the care team reviews the plan after the PCP approves it"
          name="clinicalReview"
          required
          value={review}
          onChange={setReview}
          error={errors.clinicalReview}
        >
          <Group mt="xs">
            <Radio value="yes" label="Yes" aria-invalid={Boolean(errors.clinicalReview) || undefined} />
            <Radio value="no" label="No" aria-invalid={Boolean(errors.clinicalReview) || undefined} />
          </Group>
        </Radio.Group>
        <Group justify="flex-end">
          <Button type="submit" loading={send.isPending}>
            Send for signatures
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const HOURS = [
  { value: '24', label: '1 day' },
  { value: '72', label: '3 days' },
  { value: '168', label: '7 days' },
  { value: '336', label: '14 days' },
];

/**
 * A single-use, expiring link for a PCP who does not use Concord: once made, its address is shown this once,
 * with a button to copy it and when it stops working.
 */
export function LinkForm({ plan, onDone }: { plan: PlanView; onDone: () => void }) {
  const create = useCreatePlanLink(plan.id);
  const [v, setV] = useState({ recipientName: '', recipientRole: 'pcp', hours: '72' });
  const [made, setMade] = useState<PlanLinkView | null>(null);
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    if (!v.recipientName.trim()) refuse('recipientName', 'Write the PCP’s name');
    const link = await create.mutateAsync({
      recipientName: v.recipientName.trim(),
      recipientRole: v.recipientRole,
      hours: Number(v.hours),
    });
    saved();
    setMade(link);
  });
  if (made?.url)
    return (
      <Stack>
        <Alert color="#1e6b30" role="status" title="Link made">
          Send this address to {made.recipientName}. It works once, until {formatDateTime(made.expiresAt)},
          and is shown only now: copy it before closing.
        </Alert>
        <TextInput
          label="Approval link"
          value={made.url}
          readOnly
          onFocus={(e) => e.currentTarget.select()}
          styles={{ input: { fontFamily: 'monospace' } }}
        />
        <CopyButton value={made.url} timeout={4000}>
          {({ copied, copy }) => (
            <Group justify="flex-end">
              <Text size="sm" aria-live="polite">
                {copied ? 'The link is copied.' : ''}
              </Text>
              <Button variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy the link'}
              </Button>
              <Button variant="default" onClick={onDone}>
                Done
              </Button>
            </Group>
          )}
        </CopyButton>
      </Stack>
    );
  return (
    <form onSubmit={submit} noValidate aria-label="Make a PCP approval link">
      <Stack>
        <FormError message={formError} />
        <Text size="sm">
          The PCP opens the link without signing in, reads this plan only and approves it. It works once,
          after the enrollee has signed.
        </Text>
        <TextInput
          label="PCP’s name"
          name="recipientName"
          required
          maxLength={200}
          value={v.recipientName}
          onChange={(e) => setV({ ...v, recipientName: e.currentTarget.value })}
          error={errors.recipientName}
        />
        <Radio.Group
          label="Approves as"
          name="recipientRole"
          required
          value={v.recipientRole}
          onChange={(recipientRole) => setV({ ...v, recipientRole })}
          error={errors.recipientRole}
        >
          <Group mt="xs">
            {SIGNER_ROLES.pcp.map((r) => (
              <Radio key={r} value={r} label={SIGNER_ROLE_LABELS[r]} />
            ))}
          </Group>
        </Radio.Group>
        <Select
          label="Works for"
          name="hours"
          required
          data={HOURS}
          value={v.hours}
          onChange={(hours) => setV({ ...v, hours: hours ?? '72' })}
          allowDeselect={false}
          error={errors.hours}
          w={{ base: '100%', sm: 220 }}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            Make the link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
