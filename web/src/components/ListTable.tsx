import {
  Alert,
  Button,
  Group,
  Pagination,
  Select,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { get, type Page, qs } from '../api.js';
import { plural } from '../format.js';
import { StackedTable } from './StackedTable.js';

export interface Column<T> {
  key: string;
  header: string;
  /** The sort key the server accepts for this column, if it is sortable. */
  sort?: string;
  render: (row: T) => ReactNode;
}

type Params = Record<string, string | number | boolean | undefined | null>;

/**
 * A server-side list: filters come from the page, sorting and paging happen on the server, and the same
 * filters drive the XLSX and CSV export links.
 */
export function ListTable<T extends { id?: string; seq?: number }>(props: {
  caption: string;
  url: string;
  exportUrl?: string;
  filters: Params;
  columns: Column<T>[];
  defaultSort?: string;
  defaultDir?: 'asc' | 'desc';
  empty?: string;
}) {
  const [sort, setSort] = useState(props.defaultSort);
  const [dir, setDir] = useState<'asc' | 'desc'>(props.defaultDir ?? 'asc');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const params = { ...props.filters, sort, dir, page, pageSize };
  const query = useQuery({
    queryKey: [props.url, params],
    queryFn: () => get<Page<T>>(`${props.url}${qs(params)}`),
    placeholderData: keepPreviousData,
  });
  const filterKey = JSON.stringify(props.filters);
  const [lastFilters, setLastFilters] = useState(filterKey);
  if (filterKey !== lastFilters) {
    setLastFilters(filterKey);
    setPage(1);
  }

  function toggleSort(key: string) {
    if (sort === key) setDir(dir === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setDir('asc');
    }
  }

  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const exportParams = { ...props.filters, sort, dir };

  return (
    <div>
      <Group justify="space-between" mb="xs">
        <Text size="sm" aria-live="polite">
          {query.isFetching && !query.data ? 'Loading…' : plural(total, 'result')}
        </Text>
        {props.exportUrl && (
          <Group gap="xs">
            <Button
              component="a"
              size="xs"
              variant="light"
              href={`${props.exportUrl}${qs({ ...exportParams, format: 'xlsx' })}`}
              download
            >
              Export XLSX
            </Button>
            <Button
              component="a"
              size="xs"
              variant="light"
              href={`${props.exportUrl}${qs({ ...exportParams, format: 'csv' })}`}
              download
            >
              Export CSV
            </Button>
          </Group>
        )}
      </Group>
      {query.error && (
        <Alert color="red" title="Could not load the list" mb="sm">
          {query.error.message}
        </Alert>
      )}
      <StackedTable striped highlightOnHover captionSide="top">
        <VisuallyHidden component="caption">{props.caption}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            {props.columns.map((c) => (
              <Table.Th
                key={c.key}
                data-label={c.header}
                aria-sort={
                  c.sort && sort === c.sort ? (dir === 'asc' ? 'ascending' : 'descending') : undefined
                }
              >
                {c.sort ? (
                  <UnstyledButton onClick={() => toggleSort(c.sort!)} fw={700} fz="sm">
                    {c.header} {sort === c.sort ? (dir === 'asc' ? '▲' : '▼') : ''}
                    <VisuallyHidden>, sort</VisuallyHidden>
                  </UnstyledButton>
                ) : (
                  c.header
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {query.data?.items.map((row, i) => (
            <Table.Tr key={row.id ?? row.seq ?? i}>
              {props.columns.map((c) => (
                <Table.Td key={c.key}>{c.render(row)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
          {query.data && query.data.items.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={props.columns.length}>
                {props.empty ?? 'Nothing matches these filters.'}
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </StackedTable>
      <Group justify="space-between" mt="sm" gap="xs">
        <Pagination
          total={pages}
          value={page}
          onChange={setPage}
          size="sm"
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
        />
        <Select
          label="Rows per page"
          size="xs"
          w={120}
          data={['25', '50', '100', '200']}
          value={String(pageSize)}
          onChange={(v) => {
            setPageSize(Number(v ?? 25));
            setPage(1);
          }}
          allowDeselect={false}
        />
      </Group>
    </div>
  );
}
