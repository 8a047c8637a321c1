import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { type TeamMemberView, usePeopleToChoose } from '../../queries/care.js';
import { can, useSession } from '../../session.js';

/** A person and the organisation they would serve the enrollee for. */
export type Choice = { personId: string; memberOrgId: string };

const encode = (c: Choice) => `${c.personId}:${c.memberOrgId}`;
const decode = (value: string | null): Choice | null => {
  if (!value) return null;
  const [personId, memberOrgId] = value.split(':');
  return personId && memberOrgId ? { personId, memberOrgId } : null;
};

/**
 * Who joins the care team: someone already on it (at whatever organisation they serve from), the person
 * choosing, or (for those who may list people) anyone at the active organisation found by name. The server
 * says when the person holds no role at the plan or in its network on the day.
 */
export function PersonChoice({
  label,
  team,
  value,
  onChange,
  error,
}: {
  label: string;
  team: TeamMemberView[];
  value: Choice | null;
  onChange: (c: Choice | null) => void;
  error?: string;
}) {
  const session = useSession();
  const mayList = can(session, 'person.list');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const people = usePeopleToChoose(q, mayList);
  const [chosenLabel, setChosenLabel] = useState<Record<string, string>>({});

  // The first label given to a person at an organisation stays: "Me" before the team, the team before a search.
  const data = new Map<string, string>();
  const offer = (c: Choice, label: string) => {
    const key = encode(c);
    if (!data.has(key)) data.set(key, label);
  };
  if (session.orgId)
    offer({ personId: session.personId, memberOrgId: session.orgId }, `Me (${session.name})`);
  for (const m of team) offer(m, `${m.name} — ${m.memberOrgName}`);
  if (session.orgId)
    for (const p of people.data?.items ?? [])
      offer({ personId: p.id, memberOrgId: session.orgId }, `${p.familyName}, ${p.givenName} (${p.email})`);
  for (const [k, l] of Object.entries(chosenLabel)) if (!data.has(k)) data.set(k, l);

  return (
    <Select
      label={label}
      name="personId"
      required
      searchable
      description={mayList ? 'Type a name to find someone here' : undefined}
      placeholder="Choose a person"
      data={[...data].map(([v, l]) => ({ value: v, label: l }))}
      value={value ? encode(value) : null}
      onChange={(v) => {
        if (v) setChosenLabel({ [v]: data.get(v) ?? v });
        onChange(decode(v));
      }}
      searchValue={mayList ? search : undefined}
      onSearchChange={mayList ? setSearch : undefined}
      filter={mayList ? ({ options }) => options : undefined}
      nothingFoundMessage="No one by that name"
      error={error}
    />
  );
}
