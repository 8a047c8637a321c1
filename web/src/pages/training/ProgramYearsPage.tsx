import type { ProgramYearSummary } from '@contract/training/program-years.schemas.js';
import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ListTable } from '../../components/ListTable.js';
import { StackedTable } from '../../components/StackedTable.js';
import { programYearKeys, useProgramYear } from '../../queries/training-catalog.js';
import { can, useSession } from '../../session.js';
import { FormModal } from '../../unsaved.js';
import { SESSION_KIND_LABELS, when } from './format.js';
import { ProgramYearForm } from './ProgramYearForm.js';

/** The organisation's program years: each a performance year's training plan. */
export function ProgramYearsPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [planning, modal] = useDisclosure();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Program years</Title>
        {can(session, 'catalog.manage') && <Button onClick={modal.open}>Plan a year</Button>}
      </Group>
      <Text>
        Each performance year’s training plan: what the needs assessment found, the topics, curriculum and
        core skills, and the live events announced to the network.
      </Text>
      <ListTable<ProgramYearSummary>
        caption="Program years"
        url={programYearKeys.all[0]}
        exportUrl="/api/training/program-years/export"
        filters={{}}
        defaultSort="startsOn"
        defaultDir="desc"
        empty="No program year planned yet."
        columns={[
          {
            key: 'title',
            header: 'Year',
            sort: 'title',
            render: (y) => (
              <Anchor component={Link} to={`/training/years/${y.id}`}>
                {y.title}
              </Anchor>
            ),
          },
          { key: 'dates', header: 'Dates', sort: 'startsOn', render: (y) => `${y.startsOn} to ${y.endsOn}` },
          { key: 'events', header: 'Events', render: (y) => y.events },
          { key: 'announced', header: 'Announced', render: (y) => y.announced },
        ]}
      />
      <FormModal opened={planning} onClose={modal.close} title="Plan a program year" size="lg">
        <ProgramYearForm onDone={(id) => navigate(`/training/years/${id}`)} />
      </FormModal>
    </Stack>
  );
}

/** One year's plan, its events with their dates, speakers and announcements, and its recordings. */
export function ProgramYearPage() {
  const { id } = useParams();
  const session = useSession();
  const [editing, modal] = useDisclosure();
  const query = useProgramYear(id ?? '');
  const y = query.data;
  if (query.error) return <Alert color="red">{query.error.message}</Alert>;
  if (!y) return <Text>Loading…</Text>;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{y.title}</Title>
        {can(session, 'catalog.manage') && (
          <Button variant="light" onClick={modal.open}>
            Change the plan
          </Button>
        )}
      </Group>
      <Text>
        {y.startsOn} to {y.endsOn}
      </Text>
      <Card withBorder>
        <Stack gap="sm">
          <Title order={3} size="h4">
            The plan
          </Title>
          {y.assessment && (
            <div>
              <Text fw={700}>Needs assessment</Text>
              <Text>{y.assessment}</Text>
            </div>
          )}
          {y.focus && (
            <div>
              <Text fw={700}>Areas of focus</Text>
              <Text>{y.focus}</Text>
            </div>
          )}
          <div>
            <Text fw={700}>Topics</Text>
            {y.topics.length ? (
              <List>
                {y.topics.map((t) => (
                  <List.Item key={t.id}>
                    {t.title} ({t.code}){t.shared ? ' · shared' : ''}
                  </List.Item>
                ))}
              </List>
            ) : (
              <Text>None chosen yet.</Text>
            )}
          </div>
          {y.curriculum && (
            <div>
              <Text fw={700}>Curriculum: {y.curriculum.title}</Text>
              <List type="ordered">
                {y.curriculum.modules.map((m) => (
                  <List.Item key={m.position}>{m.title}</List.Item>
                ))}
              </List>
            </div>
          )}
          {y.coreSkills.length > 0 && (
            <div>
              <Text fw={700}>Core skills</Text>
              <List>
                {y.coreSkills.map((c) => (
                  <List.Item key={c.id}>
                    {c.code}. {c.text}
                  </List.Item>
                ))}
              </List>
            </div>
          )}
          <Text>
            <Text span fw={700}>
              Speakers:
            </Text>{' '}
            {y.speakers.length ? y.speakers.join('; ') : 'none named yet'}
          </Text>
          <Text>
            <Text span fw={700}>
              Mailbox list:
            </Text>{' '}
            {y.mailbox.length ? `${y.mailbox.length} address${y.mailbox.length === 1 ? '' : 'es'}` : 'empty'}
          </Text>
        </Stack>
      </Card>
      <StackedTable>
        <Table.Caption>The year’s events</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Event</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>Speaker</Table.Th>
            <Table.Th>Announced</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {y.events.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <Anchor component={Link} to={`/training/sessions/${e.id}`}>
                  {e.title}
                </Anchor>
              </Table.Td>
              <Table.Td>{SESSION_KIND_LABELS[e.kind]}</Table.Td>
              <Table.Td>{when({ ...e, durationMinutes: null })}</Table.Td>
              <Table.Td>{e.speaker ?? ''}</Table.Td>
              <Table.Td>
                {e.announcedAt ? <Badge color="teal.9">Announced</Badge> : e.kind === 'live' ? 'Not yet' : ''}
                {e.recordingId && (
                  <Anchor component={Link} to={`/training/sessions/${e.recordingId}`} ml="xs">
                    Recording
                  </Anchor>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {y.events.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>No events yet: add sessions to this year from the session form.</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </StackedTable>
      <FormModal opened={editing} onClose={modal.close} title="Change the plan" size="lg">
        <ProgramYearForm year={y} onDone={modal.close} />
      </FormModal>
    </Stack>
  );
}
