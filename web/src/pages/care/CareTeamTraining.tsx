import type { TrainingOnDay } from '@contract/care/team-training.schemas.js';
import { Alert, Badge, Group, List, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDate } from '../../format.js';
import { useTeamTraining } from '../../queries/care.js';
import { STATUS_LABELS, StatusBadge } from '../compliance/status.js';
import { roleLabel } from './CareTeamForms.js';

/** What a member still lacked on a day: each requirement neither met nor waived, with its status. */
const missing = (day: TrainingOnDay) =>
  day.requirements.filter((r) => r.status !== 'compliant' && r.status !== 'exempt');

function Standing({ day }: { day: TrainingOnDay }) {
  if (day.standing === 'none_required') return <Text span>None required</Text>;
  return <StatusBadge status={day.standing} />;
}

function Missing({ day }: { day: TrainingOnDay }) {
  const open = missing(day);
  if (open.length === 0) return <Text span>Nothing</Text>;
  return (
    <List size="sm" spacing={2}>
      {open.map((r) => (
        <List.Item key={r.requirementId}>
          {r.title}: {STATUS_LABELS[r.status].toLowerCase()}
          {r.dueOn ? `, due ${formatDate(r.dueOn)}` : ''}
        </List.Item>
      ))}
    </List>
  );
}

/**
 * Each care team member's training (the plan must document that every member took the required trainings):
 * their standing on the day they joined and today, what is missing on each, and whether the team is trained.
 */
export function CareTeamTraining({ enrolleeId }: { enrolleeId: string }) {
  const training = useTeamTraining(enrolleeId);
  const t = training.data;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Title order={4} size="h5">
          Training
        </Title>
        {t &&
          (t.allTrainedNow ? (
            <Badge color="teal.9">All trained now</Badge>
          ) : (
            <Badge color="red.9">Not all trained now</Badge>
          ))}
      </Group>
      {training.error && <Alert color="red">{training.error.message}</Alert>}
      {!t && !training.error && <Text>Loading…</Text>}
      {t && (
        <Text size="sm">
          {t.allTrainedNow
            ? 'Every current member has the training their requirements ask for today.'
            : 'Some current members lack training their requirements ask for today: see what is missing below.'}
        </Text>
      )}
      {t && t.members.length > 0 && (
        <StackedTable>
          <VisuallyHidden component="caption">
            Care team members’ training on the day they joined and today
          </VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Member</Table.Th>
              <Table.Th>On joining</Table.Th>
              <Table.Th>Missing on joining</Table.Th>
              <Table.Th>Today</Table.Th>
              <Table.Th>Missing today</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {t.members.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  {m.name}
                  <Text size="xs">
                    {roleLabel(m.role)}, joined {formatDate(m.startsOn)}
                    {m.endsOn ? `, until ${formatDate(m.endsOn)}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Standing day={m.onJoining} />
                </Table.Td>
                <Table.Td>
                  <Missing day={m.onJoining} />
                </Table.Td>
                <Table.Td>
                  <Standing day={m.now} />
                </Table.Td>
                <Table.Td>
                  <Missing day={m.now} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      )}
    </Stack>
  );
}
