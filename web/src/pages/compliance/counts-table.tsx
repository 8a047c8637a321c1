import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatNumber, formatPercent } from '../../format.js';
import { DASHBOARD_STATUSES } from './dashboard-columns.js';
import { STATUS_LABELS } from './status.js';

/** The statuses the dashboard counts, in its order. */
const SHOWN = DASHBOARD_STATUSES;

/** The header of a table of counts by status: what each row is, then people, on track and each status. */
export function CountsHead({ first }: { first: string }) {
  return (
    <Table.Thead>
      <Table.Tr>
        <Table.Th>{first}</Table.Th>
        <Table.Th ta="right">People</Table.Th>
        <Table.Th ta="right">On track</Table.Th>
        {SHOWN.map((s) => (
          <Table.Th key={s} ta="right">
            {STATUS_LABELS[s]}
          </Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}

/** One row of counts by status; `cell` draws each status's count. */
export function CountsRow({
  label,
  of,
  cell,
}: {
  label: string;
  of: { people: number; rate: number };
  cell: (status: (typeof SHOWN)[number]) => ReactNode;
}) {
  return (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td ta="right">{formatNumber(of.people)}</Table.Td>
      <Table.Td ta="right">{formatPercent(of.rate)}</Table.Td>
      {SHOWN.map((s) => (
        <Table.Td key={s} ta="right">
          {cell(s)}
        </Table.Td>
      ))}
    </Table.Tr>
  );
}
