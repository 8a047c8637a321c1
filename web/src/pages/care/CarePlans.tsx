import { PLAN_STATUS_LABELS, type PlanStatus } from '@contract/care/plans.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { confirmAction } from '../../confirm.js';
import { formatDate, formatDateTime } from '../../format.js';
import { notifyError, notifySaved } from '../../forms.js';
import { useAssessments } from '../../queries/care.js';
import { type PlanView, useDiscardPlan, usePlans, useWithdrawPlan } from '../../queries/care-plans.js';
import { can, useSession } from '../../session.js';
import { FormModal } from '../../unsaved.js';
import { ASSESSMENT_KIND_LABELS } from './AssessmentForms.js';
import { withDays } from './days.js';
import { contentSummary, dueWords, PlanContentView, planTitle } from './PlanContent.js';
import { PlanForm, type PlanFormMode } from './PlanForm.js';
import { LinkForm, SendForm } from './PlanSendForms.js';
import { ClinicalReviewForm, reviewerRoles, SignatureForm } from './PlanSignForms.js';
import { PlanSteps } from './PlanSteps.js';

export type PlanDialog =
  | { kind: 'write'; what: PlanFormMode }
  | { kind: 'send'; plan: PlanView }
  | { kind: 'sign'; plan: PlanView; step: 'enrollee' | 'pcp' }
  | { kind: 'review'; plan: PlanView }
  | { kind: 'link'; plan: PlanView }
  | null;

const STATUS_COLORS: Record<PlanStatus, string> = {
  draft: 'gray.8',
  in_sign_off: 'indigo.9',
  signed: '#1e6b30',
};

function dialogTitle(d: NonNullable<PlanDialog>) {
  switch (d.kind) {
    case 'write':
      return {
        new: 'Write a care plan',
        edit: 'Edit the draft care plan',
        version: 'Write a new version of the care plan',
        addendum: 'Write an addendum to the care plan',
      }[d.what.mode];
    case 'send':
      return 'Send for signatures';
    case 'sign':
      return d.step === 'enrollee' ? 'Record the enrollee’s signature' : 'Record the PCP’s approval';
    case 'review':
      return 'Sign the clinical review';
    case 'link':
      return 'Make a PCP approval link';
  }
}

/**
 * The enrollee's care plans, latest first (issue 20): each with its status, what it says, and its sign-off
 * steps with their due dates, who signed, when and how; the yearly review; and the buttons each state allows
 * (write, edit, discard, send, take back, sign, make a PCP's link, download the signed PDF, write an addendum or
 * a new version).
 */
export function CarePlans({ enrolleeId }: { enrolleeId: string }) {
  const session = useSession();
  const plans = usePlans(enrolleeId);
  const [dialog, setDialog] = useState<PlanDialog>(null);
  const close = () => setDialog(null);
  const items = plans.data?.items;
  const mayWrite = can(session, 'care.plan.write');
  const open = items?.find((p) => p.status !== 'signed');
  const latestSigned = items?.find((p) => p.status === 'signed');
  const review = items?.find((p) => p.review)?.review;
  const today = massachusettsToday();
  return (
    <Card withBorder component="section" aria-labelledby="plans-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="plans-heading">
          Care plan
        </Title>
        {mayWrite && items && !open && (
          <Group gap="xs">
            {latestSigned ? (
              <>
                <Button
                  size="xs"
                  onClick={() =>
                    setDialog({ kind: 'write', what: { mode: 'version', previous: latestSigned } })
                  }
                >
                  Write a new version
                </Button>
                <Button
                  size="xs"
                  variant="light"
                  onClick={() =>
                    setDialog({ kind: 'write', what: { mode: 'addendum', previous: latestSigned } })
                  }
                >
                  Write an addendum
                </Button>
              </>
            ) : (
              <Button
                size="xs"
                onClick={() => setDialog({ kind: 'write', what: { mode: 'new', enrolleeId } })}
              >
                Write a care plan
              </Button>
            )}
          </Group>
        )}
      </Group>
      <Stack gap="md">
        {plans.error && <Alert color="red">{plans.error.message}</Alert>}
        {!items && !plans.error && <Text>Loading…</Text>}
        {items?.length === 0 && <Text>No care plan yet.</Text>}
        {review && (
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={700}>Yearly review due {dueWords(review.dueOn, today)}</Text>
              {review.overdue && <Badge color="red.9">Overdue</Badge>}
            </Group>
            <Text size="sm">{withDays(review.explanation)}</Text>
          </Stack>
        )}
        {items?.map((p, i) => (
          <PlanCard key={p.id} plan={p} all={items} expanded={i === 0} onDialog={setDialog} />
        ))}
      </Stack>
      <FormModal opened={dialog !== null} onClose={close} title={dialog ? dialogTitle(dialog) : ''} size="xl">
        {dialog?.kind === 'write' && <PlanForm what={dialog.what} onDone={close} />}
        {dialog?.kind === 'send' && <SendForm plan={dialog.plan} onDone={close} />}
        {dialog?.kind === 'sign' && <SignatureForm plan={dialog.plan} step={dialog.step} onDone={close} />}
        {dialog?.kind === 'review' && <ClinicalReviewForm plan={dialog.plan} onDone={close} />}
        {dialog?.kind === 'link' && <LinkForm plan={dialog.plan} onDone={close} />}
      </FormModal>
    </Card>
  );
}

/** One plan: its title and status, where it came from, its actions, what it says (shown or hidden) and its steps. */
function PlanCard({
  plan: p,
  all,
  expanded,
  onDialog,
}: {
  plan: PlanView;
  all: PlanView[];
  expanded: boolean;
  onDialog: (d: PlanDialog) => void;
}) {
  const session = useSession();
  const [shown, setShown] = useState(expanded);
  const assessments = useAssessments(p.enrolleeId);
  const discard = useDiscardPlan(p);
  const withdraw = useWithdrawPlan(p);
  const mayWrite = can(session, 'care.plan.write');
  const maySign = can(session, 'care.plan.sign');
  const assessment = assessments.data?.items.find((a) => a.id === p.assessmentId);
  const previous = p.previousId ? all.find((x) => x.id === p.previousId) : null;
  const title = planTitle(p);
  const headingId = `plan-${p.id}-heading`;
  const contentId = `plan-${p.id}-content`;
  const nobodySigned = p.steps.every((s) => !s.signed);

  async function onDiscard() {
    const ok = await confirmAction({
      title: 'Discard this draft?',
      message: `${title} has not been sent to anyone. Discarding it removes what it says.`,
      confirmLabel: 'Discard draft',
      cancelLabel: 'Keep it',
      danger: true,
    });
    if (!ok) return;
    await discard.mutateAsync().then(() => notifySaved(`${title} discarded`), notifyError);
  }
  async function onWithdraw() {
    const ok = await confirmAction({
      title: 'Take the plan back to draft?',
      message:
        'Nobody has signed it yet. As a draft it can be changed, then sent again; its due dates start again then.',
      confirmLabel: 'Take back to draft',
      cancelLabel: 'Leave it out for signatures',
    });
    if (!ok) return;
    await withdraw.mutateAsync().then(() => notifySaved(`${title} is a draft again`), notifyError);
  }

  const facts = [
    `Written by ${p.writtenByOrgName}`,
    assessment
      ? `after the ${ASSESSMENT_KIND_LABELS[assessment.kind].toLowerCase()} of ${formatDate(assessment.completedOn)}`
      : null,
    p.majorChange ? 'after a major change' : null,
  ]
    .filter(Boolean)
    .join(' ');
  const history = [
    previous ? `${p.addendum ? 'Adds to' : 'Replaces'} ${planTitle(previous)}` : null,
    p.sentOn ? `Sent for signatures ${formatDate(p.sentOn)}` : null,
    p.clinicalReview === true ? 'with the care team’s clinical review' : null,
    p.lockedAt ? `Locked ${formatDateTime(p.lockedAt)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Card withBorder component="article" aria-labelledby={headingId} p="sm">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2}>
            <Group gap="xs">
              <Title order={4} size="h5" id={headingId}>
                {title}
              </Title>
              <Badge color={STATUS_COLORS[p.status]}>{PLAN_STATUS_LABELS[p.status]}</Badge>
            </Group>
            <Text size="sm">{facts}.</Text>
            {history && <Text size="sm">{history}.</Text>}
          </Stack>
          <Group gap="xs">
            {p.status === 'draft' && mayWrite && (
              <>
                <Button size="xs" onClick={() => onDialog({ kind: 'send', plan: p })}>
                  Send for signatures
                </Button>
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => onDialog({ kind: 'write', what: { mode: 'edit', plan: p } })}
                >
                  Edit draft
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => void onDiscard()}
                  loading={discard.isPending}
                >
                  Discard draft
                </Button>
              </>
            )}
            {p.status === 'in_sign_off' && mayWrite && nobodySigned && (
              <Button
                size="xs"
                variant="default"
                onClick={() => void onWithdraw()}
                loading={withdraw.isPending}
              >
                Take back to draft
              </Button>
            )}
            {p.status === 'signed' && (
              <Button
                size="xs"
                variant="default"
                component="a"
                href={`/api/care/plans/${p.id}/signed.pdf`}
                download
              >
                Download the signed PDF
              </Button>
            )}
          </Group>
        </Group>
        <Group>
          <Button
            size="compact-sm"
            variant="subtle"
            aria-expanded={shown}
            aria-controls={shown ? contentId : undefined}
            onClick={() => setShown(!shown)}
          >
            {shown ? 'Hide what the plan says' : `Show what the plan says (${contentSummary(p.content)})`}
          </Button>
        </Group>
        {shown && (
          <div id={contentId}>
            <PlanContentView content={p.content} headingOrder={5} />
          </div>
        )}
        {p.status === 'draft' ? (
          <Text size="sm">Not sent for signatures yet.</Text>
        ) : (
          <PlanSteps
            plan={p}
            maySign={maySign}
            mayReview={maySign && reviewerRoles(session.roles).length > 0}
            onDialog={onDialog}
          />
        )}
      </Stack>
    </Card>
  );
}
