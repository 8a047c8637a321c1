import { QUEUE_KIND_LABELS, QUEUE_KINDS } from '@contract/care/work.schemas.js';
import { Button, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { type Column, ListTable } from '../../components/ListTable.js';
import { careKeys, type TeamRowView } from '../../queries/care.js';
import { can, useSession } from '../../session.js';
import { FormModal } from '../../unsaved.js';
import { QueueTabs } from './QueuePage.js';
import { TransferForm } from './TransferForm.js';

/** The web page behind one of the API's queue links: `/api/care/queue?…` opens `/care/queue?…`. */
const pageOf = (apiLink: string) => apiLink.replace(/^\/api/, '');

/**
 * A supervisor's team (an organisation admin: every coordinator): each coordinator's caseload and how many
 * of their enrollees have each kind of item due. Every number opens the enrollees behind it, a name opens the
 * coordinator's queue, and whoever keeps care teams here moves a caseload to another coordinator.
 */
export function TeamPage() {
  const session = useSession();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 300);
  const [moving, setMoving] = useState<TeamRowView | null>(null);
  const mayMove = can(session, 'care.caseload.transfer');
  const figure = (row: TeamRowView, n: number, link: string, what: string) => (
    <Link to={pageOf(link)}>
      {n}
      <VisuallyHidden>
        {' '}
        {n === 1 ? what.replace(/^enrollees/, 'enrollee') : what} of {row.name}
      </VisuallyHidden>
    </Link>
  );
  const columns: Column<TeamRowView>[] = [
    {
      key: 'name',
      header: 'Coordinator',
      sort: 'name',
      render: (r) => (
        <>
          <Link to={`/care/queue?coordinatorId=${r.coordinatorId}`}>{r.name}</Link>
          <Text size="xs" c="dimmed">
            {r.organisation}
          </Text>
        </>
      ),
    },
    {
      key: 'caseload',
      header: 'Caseload',
      sort: 'caseload',
      // The whole caseload, with the enrollees nothing is due for too.
      render: (r) =>
        figure(
          r,
          r.caseload,
          `/care/queue?coordinatorId=${r.coordinatorId}&all=true`,
          'enrollees in the caseload',
        ),
    },
    {
      key: 'overdue',
      header: 'Overdue',
      sort: 'overdue',
      render: (r) => figure(r, r.overdue, r.links.overdue, 'enrollees with something overdue'),
    },
    ...QUEUE_KINDS.map((k) => ({
      key: k,
      header: QUEUE_KIND_LABELS[k],
      render: (r: TeamRowView) =>
        figure(r, r.counts[k] ?? 0, r.links.kinds[k], `enrollees: ${QUEUE_KIND_LABELS[k]}`),
    })),
    ...(mayMove
      ? [
          {
            key: 'move',
            header: 'Actions',
            render: (r: TeamRowView) => (
              <Button
                size="compact-xs"
                variant="default"
                onClick={() => setMoving(r)}
                disabled={r.caseload === 0}
              >
                {/* "Move" on screen, so the table fits 1366 px; "Move caseload of …" to a screen reader. */}
                Move<VisuallyHidden> caseload of {r.name}</VisuallyHidden>
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Stack>
      <Title order={2}>Team queues</Title>
      <QueueTabs current="team" />
      <Text>
        Each coordinator’s caseload today and how many of their enrollees have each kind of item due. Every
        number opens the enrollees behind it; a name opens the coordinator’s queue
        {mayMove ? ', where some of their enrollees can be chosen and moved' : ''}.
      </Text>
      <TextInput
        label="Search"
        placeholder="Coordinator’s name"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        w={{ base: '100%', sm: 280 }}
      />
      <ListTable<TeamRowView & { id?: string }>
        caption="Coordinators with their caseloads and what is due"
        url={careKeys.team[0]}
        exportUrl="/api/care/queue/team/export"
        filters={{ q: debounced }}
        defaultSort="name"
        empty="No coordinator on this team."
        columns={columns}
      />
      <FormModal opened={moving !== null} onClose={() => setMoving(null)} title="Move a caseload">
        {moving && (
          <TransferForm
            fromPersonId={moving.coordinatorId}
            fromName={moving.name}
            caseload={moving.caseload}
            onDone={() => setMoving(null)}
          />
        )}
      </FormModal>
    </Stack>
  );
}
