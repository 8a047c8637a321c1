import type { ParticipationView } from '@contract/training/participation.schemas.js';
import { Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { qs } from '../../api.js';
import { StackedTable } from '../../components/StackedTable.js';
import { formatNumber } from '../../format.js';
import { useParticipation } from '../../queries/training-catalog.js';
import { SESSION_KIND_LABELS } from './format.js';

type Counts = ParticipationView['people'];

function CountCells({ c }: { c: Counts }) {
  return (
    <>
      <Table.Td ta="right">{formatNumber(c.registered)}</Table.Td>
      <Table.Td ta="right">{formatNumber(c.attended)}</Table.Td>
      <Table.Td ta="right">{formatNumber(c.completed)}</Table.Td>
    </>
  );
}

const countHeaders = (
  <>
    <Table.Th ta="right">Registered</Table.Th>
    <Table.Th ta="right">Attended</Table.Th>
    <Table.Th ta="right">Completed</Table.Th>
  </>
);

/** How many people took part, per topic, per module and in all, at the sessions this organisation runs. */
export function ParticipationPage() {
  const [filters, setFilters] = useState({ from: '', to: '', kind: null as string | null });
  const params = { from: filters.from || undefined, to: filters.to || undefined, kind: filters.kind };
  const query = useParticipation(params);
  const p = query.data;
  return (
    <Stack>
      <Title order={2}>Participation</Title>
      <Text>
        Distinct people at the sessions your organisation runs and the completions it recorded. Someone who
        attended two sessions of a topic counts once.
      </Text>
      <Group align="flex-end">
        <TextInput
          label="From"
          type="date"
          value={filters.from}
          onChange={(e) => setFilters({ ...filters, from: e.currentTarget.value })}
        />
        <TextInput
          label="To"
          type="date"
          value={filters.to}
          onChange={(e) => setFilters({ ...filters, to: e.currentTarget.value })}
          error={query.error?.message}
        />
        <Select
          label="Way of taking part"
          placeholder="Every way"
          clearable
          data={Object.entries(SESSION_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          value={filters.kind}
          onChange={(kind) => setFilters({ ...filters, kind })}
        />
        <Button
          component="a"
          variant="light"
          href={`/api/training/participation/export${qs({ ...params, format: 'xlsx' })}`}
        >
          Export XLSX
        </Button>
        <Button
          component="a"
          variant="light"
          href={`/api/training/participation/export${qs({ ...params, format: 'csv' })}`}
        >
          Export CSV
        </Button>
      </Group>
      {p && (
        <>
          <Text role="status" size="lg">
            In all: {formatNumber(p.people.registered)} registered, {formatNumber(p.people.attended)}{' '}
            attended, {formatNumber(p.people.completed)} completed.
          </Text>
          <StackedTable>
            <Table.Caption>Per topic</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Topic</Table.Th>
                <Table.Th ta="right">Sessions</Table.Th>
                {countHeaders}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.topics.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>
                    {t.title} ({t.code})
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(t.sessions)}</Table.Td>
                  <CountCells c={t} />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </StackedTable>
          <StackedTable>
            <Table.Caption>Per module (its topics together)</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Module</Table.Th>
                <Table.Th>Curriculum</Table.Th>
                {countHeaders}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.modules.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{m.title}</Table.Td>
                  <Table.Td>{m.curriculum ?? ''}</Table.Td>
                  <CountCells c={m} />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </StackedTable>
        </>
      )}
    </Stack>
  );
}
