import { Alert, Box, Button, Card, Checkbox, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api.js';
import { FormError } from '../../components/FormError.js';
import { formatDate, formatDateTime } from '../../format.js';
import { errorMessage, refuse, useSubmit } from '../../forms.js';
import { type PlanApprovalView, useApprovePlan, usePlanApproval } from '../../queries/care-plans.js';
import { useFormGuard } from '../../unsaved.js';
import { PlanContentView, planTitle } from './PlanContent.js';

/** Why a link does not open, in words a PCP can act on. */
function refusal(err: unknown): { title: string; message: string } {
  if (err instanceof ApiError) {
    if (err.code === 'PLAN_LINK_USED')
      return { title: 'This link has already been used', message: err.message };
    if (err.code === 'PLAN_LINK_EXPIRED') return { title: 'This link has expired', message: err.message };
    if (err.status === 404 || err.status === 400)
      return {
        title: 'This approval link is not known',
        message:
          'Check that the whole address was copied from the message you received, or ask the care coordinator for a new link.',
      };
  }
  return { title: 'The plan could not be shown', message: errorMessage(err) };
}

/**
 * A PCP's single-use approval link (public, no sign-in): that plan only, with the organisation, the enrollee's
 * name and date of birth, what the plan says and the enrollee's signature; the PCP types their name, confirms
 * they read and approve it, and sees a confirmation. Used, expired and unknown links, and a plan the enrollee
 * has not signed yet, are said plainly.
 */
export function PlanApprovalPage() {
  const { token = '' } = useParams();
  const view = usePlanApproval(token);
  const [approvedBy, setApprovedBy] = useState<string | null>(null);
  const v = view.data;
  return (
    <Box component="main" id="main" p={{ base: 'md', sm: 'xl' }} maw={920} mx="auto">
      <Stack>
        <Title order={1} size="h2">
          Care plan approval
        </Title>
        {view.isPending && <Text>Loading…</Text>}
        {view.error && (
          <Alert color="red" role="alert" title={refusal(view.error).title}>
            {refusal(view.error).message}
          </Alert>
        )}
        {v && approvedBy && <Approved view={v} signerName={approvedBy} />}
        {v && !approvedBy && <PlanToApprove token={token} view={v} onApproved={setApprovedBy} />}
      </Stack>
    </Box>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" fw={700}>
        {label}
      </Text>
      <Text style={{ overflowWrap: 'anywhere' }}>{children}</Text>
    </div>
  );
}

function PlanToApprove({
  token,
  view: v,
  onApproved,
}: {
  token: string;
  view: PlanApprovalView;
  onApproved: (name: string) => void;
}) {
  return (
    <Stack>
      <Text>
        {v.organisation} asks {v.recipientName} to read and approve this care plan. The link works once, until{' '}
        {formatDateTime(v.expiresAt)}.
      </Text>
      <Card withBorder component="section" aria-labelledby="approval-plan-heading">
        <Stack>
          <Title order={2} size="h3" id="approval-plan-heading">
            {planTitle(v.plan)}
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <Fact label="Organisation">{v.organisation}</Fact>
            <Fact label="Enrollee">{v.enrollee.name}</Fact>
            <Fact label="Date of birth">{formatDate(v.enrollee.dateOfBirth)}</Fact>
          </SimpleGrid>
          <PlanContentView content={v.plan.content} headingOrder={3} />
          <Stack gap={2}>
            <Title order={3} size="h5">
              Enrollee’s signature
            </Title>
            <Text>
              {v.enrolleeSigned
                ? `Signed by ${v.enrolleeSigned.signerName} on ${formatDate(v.enrolleeSigned.signedOn)}`
                : 'Not signed yet'}
            </Text>
          </Stack>
        </Stack>
      </Card>
      {v.ready ? (
        <ApprovalForm token={token} view={v} onApproved={onApproved} />
      ) : v.enrolleeSigned ? (
        <Alert color="gray" title="This plan does not need your approval now">
          The plan’s PCP approval is already recorded, or the plan was taken back. Ask the care coordinator if
          you expected to approve it.
        </Alert>
      ) : (
        <Alert color="#8a4b00" title="The enrollee has not signed yet" role="status">
          You approve the plan after the enrollee signs it. This link will work then, until{' '}
          {formatDateTime(v.expiresAt)}: open it again once the care coordinator tells you the enrollee has
          signed.
        </Alert>
      )}
    </Stack>
  );
}

function ApprovalForm({
  token,
  view,
  onApproved,
}: {
  token: string;
  view: PlanApprovalView;
  onApproved: (name: string) => void;
}) {
  const approve = useApprovePlan(token);
  const [v, setV] = useState({ signerName: view.recipientName, attested: false });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    if (!v.signerName.trim()) refuse('signerName', 'Write your name');
    if (!v.attested) refuse('attested', 'Tick this box to confirm you have read the plan and approve it');
    await approve.mutateAsync({ signerName: v.signerName.trim(), attested: v.attested });
    saved();
    onApproved(v.signerName.trim());
  });
  return (
    <Card withBorder component="section" aria-labelledby="approve-heading">
      <form onSubmit={submit} noValidate aria-labelledby="approve-heading">
        <Stack>
          <Title order={2} size="h3" id="approve-heading">
            Approve the plan
          </Title>
          <FormError message={formError} />
          <TextInput
            label="Your name"
            description="As you sign, with your credentials (for example: Amani Okafor, MD)"
            name="signerName"
            required
            autoComplete="name"
            maxLength={200}
            value={v.signerName}
            onChange={(e) => setV({ ...v, signerName: e.currentTarget.value })}
            error={errors.signerName}
          />
          <Checkbox
            label="I have read this plan and approve it"
            name="attested"
            checked={v.attested}
            onChange={(e) => setV({ ...v, attested: e.currentTarget.checked })}
            error={errors.attested}
            aria-invalid={Boolean(errors.attested) || undefined}
          />
          <Box>
            <Button type="submit" loading={approve.isPending}>
              Approve the plan
            </Button>
          </Box>
        </Stack>
      </form>
    </Card>
  );
}

/** The confirmation, focused so a screen reader reads it at once. */
function Approved({ view: v, signerName }: { view: PlanApprovalView; signerName: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Alert color="#1e6b30" role="status">
      <Stack gap="xs">
        <Title order={2} size="h3" ref={heading} tabIndex={-1}>
          Thank you: your approval is recorded
        </Title>
        <Text>
          {signerName} approved {v.enrollee.name}’s {planTitle(v.plan).toLowerCase()} for {v.organisation}.
          The link is now used up; you can close this page.
        </Text>
      </Stack>
    </Alert>
  );
}
