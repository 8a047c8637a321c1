import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useMatchCandidates } from '../../queries/training-sessions.js';

/**
 * Chooses whom an attendance row is matched to: the session's registrants and anyone the organisation can
 * see, searched by name or e-mail on the server as the person types.
 */
export function MatchPerson({
  sessionId,
  row,
  onPick,
}: {
  sessionId: string;
  row: { rowNumber: number; name: string };
  onPick: (personId: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const candidates = useMatchCandidates(sessionId, q);
  const items = candidates.data?.items ?? [];
  const data = [
    { group: 'Registered', items: items.filter((i) => i.registered) },
    { group: 'Your organisation’s people', items: items.filter((i) => !i.registered) },
  ]
    .filter((g) => g.items.length > 0)
    .map((g) => ({
      group: g.group,
      items: g.items.map((i) => ({ value: i.personId, label: `${i.name} (${i.email})` })),
    }));
  return (
    <Select
      aria-label={`Match row ${row.rowNumber} (${row.name}) to a person`}
      placeholder="Search by name or e-mail"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={candidates.isFetching ? 'Searching…' : 'No one by that name or e-mail'}
      data={data}
      value={null}
      onChange={(personId) => personId && onPick(personId)}
      w={300}
    />
  );
}
