import { CARE_PROGRAM_LABELS } from '@contract/care/care.labels.js';
import { RULE_KIND_LABELS, ruleRefLabel } from '@contract/care/rules.labels.js';
import { Alert, Badge, Card, Group, List, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDate } from '../../format.js';
import { useClocks, useContacts } from '../../queries/care.js';
import { timesOnSharedDays, withDays } from './days.js';

/**
 * The enrollee's clocks today (decision 052): each due date with the rule version that set it and whether it
 * was met, clocks no rule was in force for, the unreachable verdict with every attempt counted or not and
 * why, and the time since the last contact.
 */
export function Clocks({ enrolleeId }: { enrolleeId: string }) {
  const clocks = useClocks(enrolleeId);
  const c = clocks.data;
  // The latest contacts (the list beside shares them): the time of day where two share a day.
  const contacts = useContacts(enrolleeId, 25);
  const occurredAt = new Map((contacts.data?.items ?? []).map((x) => [x.id, x.occurredAt]));
  const reasonLine = (r: { contactId: string; why: string }, times: Map<string, string>) =>
    `${withDays(r.why)}${times.has(r.contactId) ? ` (at ${times.get(r.contactId)})` : ''}`;
  return (
    <Card withBorder component="section" aria-labelledby="clocks-heading">
      <Title order={3} size="h4" id="clocks-heading" mb="xs">
        Assessments and clocks
      </Title>
      {clocks.error && <Alert color="red">{clocks.error.message}</Alert>}
      {!c && !clocks.error && <Text>Loading…</Text>}
      {c && (
        <Stack gap="md">
          {c.clocks.length === 0 && c.noRule.length === 0 ? (
            <Text>No clock runs: no enrollment has started one.</Text>
          ) : (
            c.clocks.length > 0 && (
              <StackedTable>
                <VisuallyHidden component="caption">
                  Due dates, with the rule version that set each
                </VisuallyHidden>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>What</Table.Th>
                    <Table.Th>Due</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Rule</Table.Th>
                    <Table.Th>Why</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.clocks.map((k) => (
                    <Table.Tr key={`${k.kind}-${k.program}-${k.startedOn}`}>
                      <Table.Td>
                        {RULE_KIND_LABELS[k.kind]} ({CARE_PROGRAM_LABELS[k.program]})
                      </Table.Td>
                      <Table.Td>{formatDate(k.dueOn)}</Table.Td>
                      <Table.Td>
                        {k.metOn ? (
                          `Met ${formatDate(k.metOn)}`
                        ) : k.overdue ? (
                          <Badge color="red.9">Overdue</Badge>
                        ) : (
                          'Open'
                        )}
                      </Table.Td>
                      <Table.Td>{ruleRefLabel(k.rule)}</Table.Td>
                      <Table.Td>{withDays(k.explanation)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </StackedTable>
            )
          )}
          {c.noRule.length > 0 && (
            <Stack gap={4}>
              <Title order={4} size="h5">
                Clocks with no rule in force
              </Title>
              <List>
                {c.noRule.map((n) => (
                  <List.Item key={`${n.kind}-${n.program}`}>{withDays(n.why)}</List.Item>
                ))}
              </List>
            </Stack>
          )}
          {c.unreachable.map((u) => {
            const times = timesOnSharedDays(
              [...u.counted, ...u.notCounted].map((r) => r.contactId),
              occurredAt,
            );
            return (
              <Stack gap={4} key={u.program}>
                <Group gap="xs">
                  <Title order={4} size="h5">
                    Reachability ({CARE_PROGRAM_LABELS[u.program]})
                  </Title>
                  {u.unreachable && <Badge color="red.9">Unreachable</Badge>}
                </Group>
                <Text>{withDays(u.summary)}</Text>
                {u.counted.length > 0 && (
                  <>
                    <Text size="sm" fw={700}>
                      Attempts counted
                    </Text>
                    <List size="sm">
                      {u.counted.map((r) => (
                        <List.Item key={r.contactId}>{reasonLine(r, times)}</List.Item>
                      ))}
                    </List>
                  </>
                )}
                {u.notCounted.length > 0 && (
                  <>
                    <Text size="sm" fw={700}>
                      Contacts not counted
                    </Text>
                    <List size="sm">
                      {u.notCounted.map((r) => (
                        <List.Item key={r.contactId}>{reasonLine(r, times)}</List.Item>
                      ))}
                    </List>
                  </>
                )}
              </Stack>
            );
          })}
          {c.noContact && (
            <Stack gap={4}>
              <Group gap="xs">
                <Title order={4} size="h5">
                  Last contact
                </Title>
                {c.noContact.noContact && <Badge color="red.9">No contact in time</Badge>}
              </Group>
              <Text>{withDays(c.noContact.explanation)}</Text>
            </Stack>
          )}
          <Text size="xs">As of {formatDate(c.asOf)}.</Text>
        </Stack>
      )}
    </Card>
  );
}
