// Monthly assignment to Community Partners: the ACO/MCO proposes, confirms or withdraws; the CP sees the
// members confirmed to it and records its outreach.
import { STAGE_LABELS, type Stage } from '@contract/enrollment/assignment.labels.js';
import { longDay } from '@contract/iso-days.js';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useRef, useState } from 'react';
import { ApiError } from '../../api.js';
import { StackedTable } from '../../components/StackedTable.js';
import { errorMessage, notifySaved } from '../../forms.js';
import {
  type AssignmentView,
  type ProposeResult,
  useAssignments,
  useConfirm,
  usePropose,
} from '../../queries/assignments.js';
import { can, useSession } from '../../session.js';
import { OutreachModal, WithdrawModal } from './AssignmentForms.js';
import { EnrollmentNav } from './EnrollmentNav.js';

const STAGE_COLOR: Record<Stage, string> = {
  identified: 'gray.8',
  assigned: 'blue.9',
  outreach: 'blue.9',
  enrolled: 'teal.9',
  ended: 'red.9',
};

const STATUS_FILTERS = [
  { value: '', label: 'Every status' },
  { value: 'proposed', label: 'Proposed' },
  { value: 'confirmed', label: 'Confirmed' },
  { value: 'withdrawn', label: 'Withdrawn' },
];

function nextMonth() {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
}

/** What went wrong, with each issue the API named (a CP short of places says how short). */
function Problem({ error }: { error: unknown }) {
  const issues = error instanceof ApiError ? error.issues.map((i) => i.message) : [];
  return (
    <Alert color="red" role="alert" title="Not done">
      {errorMessage(error)}
      {issues.length > 0 && (
        <List size="sm" mt="xs">
          {issues.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

function ProposePanel({ onProposed }: { onProposed: (month: string) => void }) {
  const [month, setMonth] = useState(nextMonth());
  const [result, setResult] = useState<ProposeResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const propose = usePropose();
  const outcome = useRef<HTMLDivElement>(null);
  async function run(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setResult(await propose.mutateAsync(month));
      onProposed(month);
    } catch (err) {
      setError(err);
      setResult(null);
    }
    requestAnimationFrame(() => outcome.current?.focus());
  }
  return (
    <form onSubmit={run} aria-labelledby="propose-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="propose-title">
          Propose a month’s assignments
        </Title>
        <Text size="sm">
          Concord proposes, for each member identified and waiting, a Community Partner you have an agreement
          with, that serves the member’s county, is of the type they need and has a free place. Nothing holds
          a place until you confirm it.
        </Text>
        <Group align="end">
          <TextInput
            label="Month"
            type="month"
            name="month"
            required
            value={month}
            onChange={(e) => setMonth(e.currentTarget.value)}
          />
          <Button type="submit" loading={propose.isPending}>
            Propose assignments
          </Button>
        </Group>
        <div ref={outcome} tabIndex={-1} aria-live="polite">
          {error !== null && <Problem error={error} />}
          {result && (
            <Alert
              color={result.unplaced.length > 0 ? 'yellow' : 'teal'}
              title={`${result.proposed} proposed`}
            >
              {(result.alreadyProposed > 0 || result.alreadyEnrolled > 0) && (
                <Text size="sm" mb="xs">
                  {[
                    result.alreadyProposed > 0 &&
                      `${result.alreadyProposed} identified ${result.alreadyProposed === 1 ? 'member has' : 'members have'} an assignment proposed or confirmed already.`,
                    result.alreadyEnrolled > 0 &&
                      `${result.alreadyEnrolled} identified ${result.alreadyEnrolled === 1 ? 'member is' : 'members are'} enrolled with a Community Partner already and need no assignment.`,
                  ]
                    .filter(Boolean)
                    .join(' ')}
                </Text>
              )}
              {result.unplaced.length === 0 ? (
                result.proposed === 0 ? (
                  'Nobody identified is waiting for a Community Partner.'
                ) : (
                  'Every member waiting has a proposal. Confirm them below.'
                )
              ) : (
                <>
                  <Text size="sm">{result.unplaced.length} could not be placed:</Text>
                  <List size="sm">
                    {result.unplaced.map((u) => (
                      <List.Item key={u.identificationId}>
                        {u.memberName} ({u.masshealthId}): {u.why}
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
            </Alert>
          )}
        </div>
      </Stack>
    </form>
  );
}

export function AssignmentsPage() {
  const session = useSession();
  const decides = can(session, 'enrollment.assignment.decide');
  const reachesOut = can(session, 'enrollment.assignment.outreach');
  // An ACO/MCO starts at its proposals, a CP at the members confirmed to it, a state reader at everything.
  const [status, setStatus] = useState(decides ? 'proposed' : reachesOut ? 'confirmed' : '');
  const [month, setMonth] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useAssignments({
    status: status || undefined,
    month: month || undefined,
    q: q.trim() || undefined,
    page,
  });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [withdrawing, setWithdrawing] = useState<AssignmentView | null>(null);
  const [outreachOf, setOutreachOf] = useState<AssignmentView | null>(null);
  const listTitle = useRef<HTMLHeadingElement>(null);
  // A Community Partner's own staff read the list as theirs: no column naming their own organisation.
  const ownCp = !decides && reachesOut;
  const [error, setError] = useState<unknown>(null);
  const confirm = useConfirm();
  const items = list.data?.items ?? [];
  const proposed = items.filter((a) => a.status === 'proposed');

  async function confirmChosen() {
    setError(null);
    try {
      const { confirmed } = await confirm.mutateAsync([...chosen]);
      notifySaved(
        `${confirmed} assignment${confirmed === 1 ? '' : 's'} confirmed: each CP now sees its members`,
      );
      setChosen(new Set());
      // The confirmed rows leave the proposals shown, and the button with them: focus goes to the list.
      listTitle.current?.focus();
    } catch (err) {
      setError(err);
    }
  }
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  /** A filter's setter that also goes back to the first page. */
  const filtered = (set: (value: string) => void) => (value: string) => {
    set(value);
    setPage(1);
  };
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;

  return (
    <Stack>
      <Title order={2}>Assignments to Community Partners</Title>
      <EnrollmentNav />
      {decides && (
        <ProposePanel
          onProposed={(m) => {
            setMonth(m);
            setStatus('proposed');
            setPage(1);
          }}
        />
      )}
      {!decides && reachesOut && (
        <Text>
          The members assigned to your organisation, with how to reach them. Record each attempt to reach a
          member: their ACO or MCO sees where outreach stands.
        </Text>
      )}
      <Title order={3} size="h4" ref={listTitle} tabIndex={-1}>
        Assignments
      </Title>
      <Group align="end">
        <TextInput
          label="Member or Community Partner"
          description="Name, MassHealth ID or CP name"
          type="search"
          value={q}
          onChange={(e) => filtered(setQ)(e.currentTarget.value)}
        />
        <Select
          label="Status"
          data={STATUS_FILTERS}
          value={status}
          allowDeselect={false}
          onChange={(v) => filtered(setStatus)(v ?? '')}
        />
        <TextInput
          label="Month"
          type="month"
          value={month}
          onChange={(e) => filtered(setMonth)(e.currentTarget.value)}
        />
      </Group>
      {decides && /^\d{4}-\d{2}$/.test(month) && (
        <Anchor href={`/api/enrollment/assignments/letters?month=${month}`} download>
          The letters confirmed for {month} as one PDF, for the print vendor
        </Anchor>
      )}
      {error !== null && <Problem error={error} />}
      {decides && proposed.length > 0 && (
        <Group>
          <Checkbox
            label="Select every proposal shown"
            checked={proposed.every((a) => chosen.has(a.id))}
            onChange={(e) =>
              setChosen(e.currentTarget.checked ? new Set(proposed.map((a) => a.id)) : new Set())
            }
          />
          <Button
            onClick={() => void confirmChosen()}
            disabled={chosen.size === 0}
            loading={confirm.isPending}
          >
            Confirm {chosen.size} selected
          </Button>
        </Group>
      )}
      {list.data && items.length === 0 && <Text>No assignment matches.</Text>}
      <StackedTable>
        <Table.Thead>
          <Table.Tr>
            {decides && <Table.Th>Select</Table.Th>}
            <Table.Th>Member</Table.Th>
            {!decides && <Table.Th>ACO or MCO</Table.Th>}
            <Table.Th>County</Table.Th>
            {!ownCp && <Table.Th>Community Partner</Table.Th>}
            <Table.Th>Month</Table.Th>
            <Table.Th>Stage</Table.Th>
            <Table.Th>Outreach</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id}>
              {decides && (
                <Table.Td>
                  {a.status === 'proposed' && (
                    <Checkbox
                      aria-label={`Select ${a.memberName}`}
                      checked={chosen.has(a.id)}
                      onChange={(e) => toggle(a.id, e.currentTarget.checked)}
                    />
                  )}
                </Table.Td>
              )}
              <Table.Td>
                {a.memberName}
                <Text size="xs">MassHealth ID {a.masshealthId}</Text>
                {reachesOut && a.phone && <Text size="xs">Phone {a.phone}</Text>}
              </Table.Td>
              {!decides && <Table.Td>{a.orgName}</Table.Td>}
              <Table.Td>{a.county ?? 'Not recorded'}</Table.Td>
              {!ownCp && (
                <Table.Td>
                  {a.cpName} ({a.cpType}){decides && a.why && <Text size="xs">{a.why}</Text>}
                </Table.Td>
              )}
              <Table.Td>{a.month.slice(0, 7)}</Table.Td>
              <Table.Td>
                <Badge color={STAGE_COLOR[a.stage]}>{STAGE_LABELS[a.stage]}</Badge>
                {a.status === 'proposed' && <Text size="xs">Proposed, not confirmed</Text>}
                {a.endReason && <Text size="xs">{a.endReason}</Text>}
              </Table.Td>
              <Table.Td>
                {a.outreachAttempts === 0
                  ? 'None yet'
                  : `${a.outreachAttempts} attempt${a.outreachAttempts === 1 ? '' : 's'}, last ${longDay(a.lastOutreachOn!)}`}
              </Table.Td>
              <Table.Td>
                <Group gap="xs">
                  {reachesOut && a.status === 'confirmed' && a.cpOrgId === session.orgId ? (
                    <Button size="xs" variant="light" onClick={() => setOutreachOf(a)}>
                      Record outreach
                    </Button>
                  ) : (
                    a.outreachAttempts > 0 && (
                      <Button size="xs" variant="light" onClick={() => setOutreachOf(a)}>
                        Outreach history
                      </Button>
                    )
                  )}
                  {decides && a.status === 'confirmed' && (
                    <Anchor
                      size="sm"
                      href={`/api/enrollment/assignments/${a.id}/letter`}
                      download
                      aria-label={`${a.memberName}’s assignment letter (PDF)`}
                    >
                      Letter (PDF)
                    </Anchor>
                  )}
                  {decides &&
                    (a.status === 'proposed' || a.status === 'confirmed') &&
                    a.orgId === session.orgId && (
                      <Button
                        size="xs"
                        variant="outline"
                        color="red.9"
                        onClick={() => setWithdrawing(a)}
                        aria-label={`Withdraw ${a.memberName}’s assignment`}
                      >
                        Withdraw
                      </Button>
                    )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </StackedTable>
      {pages > 1 && (
        <Pagination total={pages} value={page} onChange={setPage} aria-label="Pages of assignments" />
      )}
      <WithdrawModal assignment={withdrawing} onClose={() => setWithdrawing(null)} />
      <OutreachModal
        assignment={outreachOf}
        mayRecord={reachesOut && outreachOf?.cpOrgId === session.orgId && outreachOf.status === 'confirmed'}
        onClose={() => setOutreachOf(null)}
      />
    </Stack>
  );
}
