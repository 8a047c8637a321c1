import {
  SIGN_CHANNEL_LABELS,
  SIGN_STEP_LABELS,
  SIGNER_ROLE_LABELS,
  type SignerRole,
} from '@contract/care/plans.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { Badge, Button, List, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDate, formatDateTime } from '../../format.js';
import { type PlanStepView, type PlanView, usePlanLinks } from '../../queries/care-plans.js';
import type { PlanDialog } from './CarePlans.js';
import { withDays } from './days.js';
import { dueWords } from './PlanContent.js';

const roleLabel = (r: string) => SIGNER_ROLE_LABELS[r as SignerRole] ?? r;

function Due({ step, today }: { step: PlanStepView; today: string }) {
  if (!step.dueOn) return <>Not started</>;
  if (step.signed) return <>{formatDate(step.dueOn)}</>;
  return (
    <Stack gap={2} align="flex-start">
      <span>{dueWords(step.dueOn, today)}</span>
      {today > step.dueOn && <Badge color="red.9">Overdue</Badge>}
    </Stack>
  );
}

function Signed({ step }: { step: PlanStepView }) {
  const s = step.signed;
  if (!s) return <>Not yet</>;
  return (
    <Stack gap={0}>
      <span>
        {s.signerName} ({roleLabel(s.signerRole)}), {formatDate(s.signedOn)}
      </span>
      <Text size="sm" span>
        {SIGN_CHANNEL_LABELS[s.channel]}
        {s.recordedByName ? `; recorded by ${s.recordedByName}` : ''}
      </Text>
    </Stack>
  );
}

/**
 * A plan's sign-off, one row per step in order: when it is due (in words, with the rule that set the day and
 * why), who signed, when and how, and for the step whose turn it is, the buttons to record it.
 */
export function PlanSteps({
  plan: p,
  maySign,
  mayReview,
  onDialog,
}: {
  plan: PlanView;
  maySign: boolean;
  mayReview: boolean;
  onDialog: (d: PlanDialog) => void;
}) {
  const today = massachusettsToday();
  const next = p.status === 'in_sign_off' ? p.steps.find((s) => !s.signed)?.step : undefined;
  const actions = (step: PlanStepView['step']) => {
    if (step !== next) return null;
    if (step === 'clinical_review')
      return mayReview ? (
        <Button size="compact-sm" onClick={() => onDialog({ kind: 'review', plan: p })}>
          Sign the clinical review
        </Button>
      ) : (
        <Text size="sm">Signed by the care team’s RN or clinical care manager</Text>
      );
    if (!maySign) return null;
    if (step === 'enrollee')
      return (
        <Button size="compact-sm" onClick={() => onDialog({ kind: 'sign', plan: p, step: 'enrollee' })}>
          Record the enrollee’s signature
        </Button>
      );
    return (
      <Stack gap="xs" align="flex-start">
        <Button size="compact-sm" onClick={() => onDialog({ kind: 'link', plan: p })}>
          Make a PCP approval link
        </Button>
        <Button
          size="compact-sm"
          variant="light"
          onClick={() => onDialog({ kind: 'sign', plan: p, step: 'pcp' })}
        >
          Record the PCP’s approval
        </Button>
      </Stack>
    );
  };
  return (
    <Stack gap="xs">
      <Title order={5} size="h6">
        Sign-off
      </Title>
      <StackedTable>
        <VisuallyHidden component="caption">Sign-off steps of plan {p.number}, in order</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Step</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>Signed</Table.Th>
            <Table.Th>Why this day</Table.Th>
            {next && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {p.steps.map((s) => (
            <Table.Tr key={s.step}>
              <Table.Td>{SIGN_STEP_LABELS[s.step]}</Table.Td>
              <Table.Td>
                <Due step={s} today={today} />
              </Table.Td>
              <Table.Td>
                <Signed step={s} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{withDays(s.explanation)}</Text>
              </Table.Td>
              {next && <Table.Td>{actions(s.step)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </StackedTable>
      {maySign && <Links plan={p} />}
    </Stack>
  );
}

/** The PCP approval links made for the plan: for whom, until when, and whether used (never their address). */
function Links({ plan }: { plan: PlanView }) {
  const links = usePlanLinks(plan.id);
  const items = links.data?.items ?? [];
  if (items.length === 0) return null;
  const now = Date.now();
  const state = (l: (typeof items)[number]) =>
    l.usedAt
      ? `used ${formatDateTime(l.usedAt)}`
      : Date.parse(l.expiresAt) <= now
        ? `expired ${formatDateTime(l.expiresAt)}`
        : `works until ${formatDateTime(l.expiresAt)}`;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={700}>
        PCP approval links
      </Text>
      <List size="sm">
        {items.map((l) => (
          <List.Item key={l.id}>
            For {l.recipientName}: {state(l)}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
