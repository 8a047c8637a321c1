import type { RequirementVersionView } from '@contract/compliance/compliance.schemas.js';
import { List, Table, Text } from '@mantine/core';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDateTime } from '../../format.js';
import { useRequirementVersions } from '../../queries/compliance.js';

/** The days a version was in effect, in words. */
function period(v: RequirementVersionView) {
  if (v.neverInEffect) return `Replaced on ${v.effectiveFrom}, the day it was to take effect`;
  return v.effectiveUntil ? `${v.effectiveFrom} to ${v.effectiveUntil}` : `From ${v.effectiveFrom}`;
}

/** A requirement's versions: when each was in effect, what it changed, and whether due dates count from it. */
export function RequirementHistory({ id, title }: { id: string; title: string }) {
  const history = useRequirementVersions(id);
  if (!history.data) return <Text>Loading the history…</Text>;
  return (
    <StackedTable>
      <Table.Caption>Versions of {title}, newest first</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Version</Table.Th>
          <Table.Th>In effect</Table.Th>
          <Table.Th>What changed</Table.Th>
          <Table.Th>Saved</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...history.data].reverse().map((v) => (
          <Table.Tr key={v.version}>
            <Table.Td>v{v.version}</Table.Td>
            <Table.Td>{period(v)}</Table.Td>
            <Table.Td>
              {v.version === 1 ? (
                'First version'
              ) : (
                <List size="sm">
                  {v.changes.map((c) => (
                    <List.Item key={c.field}>
                      {c.label}: {c.from ?? 'none'} → {c.to ?? 'none'}
                    </List.Item>
                  ))}
                </List>
              )}
              {v.startsAfresh && (
                <Text size="sm">People already in place are first due counting from {v.effectiveFrom}.</Text>
              )}
            </Table.Td>
            <Table.Td>{formatDateTime(v.recordedAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </StackedTable>
  );
}
