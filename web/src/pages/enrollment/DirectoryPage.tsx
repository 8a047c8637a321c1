import { ORGANISATION_KIND_LABELS } from '@contract/organisations/organisations.labels.js';
import { Stack, Table, Text, Title } from '@mantine/core';
import { StackedTable } from '../../components/StackedTable.js';
import { formatNumber } from '../../format.js';
import { useCpDirectory, useLtssGaps } from '../../queries/enrollment.js';
import { EnrollmentNav } from './EnrollmentNav.js';

/** Community Partners: type, provider IDs, capacity (confirmed, used, free) and the counties they serve. */
export function DirectoryPage() {
  const directory = useCpDirectory();
  const gaps = useLtssGaps();
  return (
    <Stack>
      <Title order={2}>Community Partner directory</Title>
      <EnrollmentNav />
      <Text>
        Each Community Partner’s MassHealth provider IDs and service locations, its confirmed capacity and how
        much of it is used today, and the counties it serves.
      </Text>
      <StackedTable>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Community Partner</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>PID and location</Table.Th>
            <Table.Th>Capacity</Table.Th>
            <Table.Th>Counties served</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {directory.data?.items.map((c) => (
            <Table.Tr key={c.orgId}>
              <Table.Td>{c.name}</Table.Td>
              <Table.Td>
                {ORGANISATION_KIND_LABELS[c.kind as keyof typeof ORGANISATION_KIND_LABELS] ?? c.kind}
              </Table.Td>
              <Table.Td>{c.ids.map((i) => `${i.pid} ${i.sl}`).join(', ') || 'None recorded'}</Table.Td>
              <Table.Td>
                {c.confirmed === null
                  ? 'None confirmed'
                  : `${formatNumber(c.confirmed)} confirmed, ${formatNumber(c.used)} used, ${formatNumber(c.free ?? 0)} free`}
              </Table.Td>
              <Table.Td>
                {c.counties
                  .filter((a) => a.endsOn === null)
                  .map((a) => a.county)
                  .join(', ')}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </StackedTable>
      <Title order={3} size="h4">
        Two LTSS Community Partners in every county
      </Title>
      <Text>
        Each ACO and MCO needs agreements with at least two LTSS Community Partners serving each county it
        serves.
      </Text>
      {gaps.data?.items.length === 0 ? (
        <Text>Every ACO and MCO has two or more in every county it serves.</Text>
      ) : (
        <StackedTable>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>ACO or MCO</Table.Th>
              <Table.Th>County</Table.Th>
              <Table.Th>LTSS Community Partners there</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {gaps.data?.items.map((g) => (
              <Table.Tr key={`${g.orgId}-${g.county}`}>
                <Table.Td>{g.orgName}</Table.Td>
                <Table.Td>{g.county}</Table.Td>
                <Table.Td>{g.ltssCps.length === 0 ? 'None' : `Only ${g.ltssCps.join(', ')}`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      )}
    </Stack>
  );
}
