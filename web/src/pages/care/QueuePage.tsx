import { CARE_PROGRAM_LABELS } from '@contract/care/care.labels.js';
import { ruleRefLabel } from '@contract/care/rules.labels.js';
import { QUEUE_KIND_LABELS, type QUEUE_KINDS } from '@contract/care/work.schemas.js';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { ListTable } from '../../components/ListTable.js';
import { formatDate } from '../../format.js';
import { options } from '../../labels.js';
import { careKeys, type QueueRowView, useTeam } from '../../queries/care.js';
import { can, useSession } from '../../session.js';
import { FormModal } from '../../unsaved.js';
import { mayHoldCaseload } from './caseload.js';
import { TransferForm } from './TransferForm.js';

type Kind = (typeof QUEUE_KINDS)[number];

/** "My queue" and "Team": the two views of the work queues, as links (each is its own address). */
export function QueueTabs({ current }: { current: 'mine' | 'team' }) {
  const session = useSession();
  const team = useTeam(can(session, 'care.enrollees'));
  const showTeam = can(session, 'care.queue.team') || (team.data?.total ?? 0) > 0;
  if (!showTeam) return null;
  const tabs = [
    ['mine', '/care/queue', 'My queue'],
    ['team', '/care/queue/team', 'Team'],
  ] as const;
  return (
    <Group gap="xs" component="nav" aria-label="Work queues">
      {tabs
        .filter(([key]) => key !== 'mine' || mayHoldCaseload(session))
        .map(([key, to, label]) => (
          <Button
            key={key}
            component={Link}
            to={to}
            size="xs"
            variant={current === key ? 'filled' : 'default'}
            aria-current={current === key ? 'page' : undefined}
          >
            {label}
          </Button>
        ))}
    </Group>
  );
}

/**
 * A coordinator's caseload with what is due, most urgent first (decision 052): each enrollee's items with
 * the due date and the rule version that set it, filtered by kind and overdue, sorted, paged and exported.
 * The signed-in person's own by default; a supervisor or an organisation admin opens a coordinator's from the
 * team view (`coordinatorId`), and there may choose enrollees to move to another coordinator.
 */
export function QueuePage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const coordinatorId = params.get('coordinatorId');
  const kind = (params.get('kind') as Kind | null) ?? null;
  const overdue = params.get('overdue') === 'true';
  const all = params.get('all') === 'true';
  const other = coordinatorId && coordinatorId !== session.personId ? coordinatorId : null;
  const team = useTeam(Boolean(other));
  const coordinator = other ? team.data?.items.find((m) => m.coordinatorId === other) : null;
  const mayMove = Boolean(other) && can(session, 'care.caseload.transfer');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [moving, setMoving] = useState(false);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 300);

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };

  // An organisation admin with no caseload of their own opens the team view instead of an empty queue.
  if (!coordinatorId && !mayHoldCaseload(session) && can(session, 'care.queue.team'))
    return <Navigate to="/care/queue/team" replace />;
  const title = other ? `Work queue of ${coordinator?.name ?? 'a coordinator'}` : 'My queue';
  return (
    <Stack>
      {other && (
        <Anchor component={Link} to="/care/queue/team" size="sm">
          ← Team
        </Anchor>
      )}
      <Title order={2}>{title}</Title>
      {!other && <QueueTabs current="mine" />}
      <Text>
        {other ? 'Their' : 'Your'} caseload: the enrollees whose single point of contact{' '}
        {other ? 'they are' : 'you are'} today, with what is due, most urgent first. Each due date names the
        rule version that set it.
      </Text>
      <Group align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name or MassHealth ID"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: '100%', sm: 240 }}
        />
        <Select
          label="What is due"
          placeholder="Anything"
          data={options(QUEUE_KIND_LABELS)}
          value={kind}
          onChange={(v) => set('kind', v)}
          clearable
          w={{ base: '100%', sm: 280 }}
        />
        <Switch
          label="Overdue only"
          checked={overdue}
          onChange={(e) => set('overdue', e.currentTarget.checked ? 'true' : null)}
          mb={8}
        />
        <Switch
          label="Include enrollees with nothing due"
          checked={all}
          onChange={(e) => set('all', e.currentTarget.checked ? 'true' : null)}
          mb={8}
        />
      </Group>
      {mayMove && (
        <Group>
          <Button disabled={chosen.size === 0} onClick={() => setMoving(true)}>
            Move {chosen.size === 0 ? 'chosen' : chosen.size} enrollee{chosen.size === 1 ? '' : 's'} to…
          </Button>
          <Text size="sm">Choose enrollees below, or move the whole caseload from the team view.</Text>
        </Group>
      )}
      <ListTable<QueueRowView & { id?: string }>
        caption={title}
        url={careKeys.queue[0]}
        exportUrl="/api/care/queue/export"
        filters={{ q: debounced, coordinatorId: other, kind, overdue: overdue || null, all: all || null }}
        defaultSort="urgency"
        empty={
          kind || overdue || debounced
            ? 'No enrollee in the caseload has what these filters ask for.'
            : 'Nothing is due in this caseload.'
        }
        columns={[
          ...(mayMove
            ? [
                {
                  key: 'choose',
                  header: 'Move',
                  render: (r: QueueRowView) => (
                    <Checkbox
                      aria-label={`Choose ${r.givenName} ${r.familyName}`}
                      checked={chosen.has(r.enrolleeId)}
                      onChange={(e) => toggle(r.enrolleeId, e.currentTarget.checked)}
                    />
                  ),
                },
              ]
            : []),
          {
            key: 'name',
            header: 'Enrollee',
            sort: 'familyName',
            render: (r) => (
              <Stack gap={0}>
                <Link to={`/care/enrollees/${r.enrolleeId}`}>{`${r.familyName}, ${r.givenName}`}</Link>
                <Text size="xs">MassHealth ID {r.masshealthId}</Text>
              </Stack>
            ),
          },
          {
            key: 'items',
            header: 'What is due',
            sort: 'urgency',
            render: (r) =>
              r.items.length === 0 ? (
                'Nothing due'
              ) : (
                <List spacing={4} listStyleType="none" p={0}>
                  {r.items
                    .filter((i) => !kind || i.kind === kind)
                    .map((i) => (
                      <List.Item key={`${i.kind}-${i.program}-${i.dueOn}`}>
                        <Group gap={6} wrap="wrap">
                          <Text span fw={700}>
                            {QUEUE_KIND_LABELS[i.kind]}
                          </Text>
                          {i.overdue && (
                            <Badge color="red.9" variant="filled" size="sm">
                              Overdue
                            </Badge>
                          )}
                        </Group>
                        <Text size="sm">
                          Due {formatDate(i.dueOn)} · {CARE_PROGRAM_LABELS[i.program]} ·{' '}
                          {ruleRefLabel(i.rule)}
                        </Text>
                      </List.Item>
                    ))}
                </List>
              ),
          },
          {
            key: 'dueOn',
            header: 'First due',
            sort: 'dueOn',
            render: (r) => (r.items[0] ? formatDate(r.items[0].dueOn) : '—'),
          },
        ]}
      />
      <FormModal
        opened={moving}
        onClose={() => setMoving(false)}
        title="Move enrollees to another coordinator"
      >
        {other && (
          <TransferForm
            fromPersonId={other}
            fromName={coordinator?.name ?? 'this coordinator'}
            enrolleeIds={[...chosen]}
            onDone={() => {
              setMoving(false);
              setChosen(new Set());
            }}
          />
        )}
      </FormModal>
    </Stack>
  );
}
