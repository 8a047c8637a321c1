import { CARE_TEAM_ROLE_LABELS } from '@contract/care/care.labels.js';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { formatDate } from '../../format.js';
import { type TeamMemberView, useTeamCandidates } from '../../queries/care.js';
import { useSession } from '../../session.js';

/** A person and the organisation they would serve the enrollee for (with the words they were offered in). */
export type Choice = { personId: string; memberOrgId: string; label?: string | undefined };

const encode = (c: Choice) => `${c.personId}:${c.memberOrgId}`;
const decode = (value: string | null): Choice | null => {
  if (!value) return null;
  const [personId, memberOrgId] = value.split(':');
  return personId && memberOrgId ? { personId, memberOrgId } : null;
};

/** The name in an offer's words: "Me (Ana Silva)" or "Ana Silva — Boston Community Health". */
const nameIn = (label: string | undefined) => label?.replace(/^Me \((.*)\)$/, '$1').split(' — ')[0] ?? '';

/**
 * Who joins the care team: someone already on it (at whatever organisation they serve from), the person
 * choosing, or anyone holding the part's role on the day at the plan or in its network, found by name.
 * Who qualifies depends on the part and the day, so the person chosen is looked up again for the part and
 * day now asked; one who no longer qualifies is taken off the field, which says why, before anything is sent.
 */
export function PersonChoice({
  label,
  team,
  role,
  on,
  value,
  onChange,
  error,
  offerSelf = true,
}: {
  label: string;
  team: TeamMemberView[];
  /** The part they would take, and the day they would start: who is offered depends on both. */
  role: string;
  on: string;
  value: Choice | null;
  onChange: (c: Choice | null) => void;
  error?: string;
  /** Whether the person choosing is offered first ("Me"): not when moving a caseload, which they do not carry. */
  offerSelf?: boolean;
}) {
  const session = useSession();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const people = useTeamCandidates(q, role, on);
  const [chosenLabel, setChosenLabel] = useState<Record<string, string>>({});
  const [dropped, setDropped] = useState<string | undefined>();
  const chosenName = nameIn(value?.label);
  const recheck = useTeamCandidates(chosenName, role, on, Boolean(value && chosenName));
  useEffect(() => {
    if (!value || !recheck.data || recheck.isFetching || recheck.isPlaceholderData) return;
    const still = recheck.data.items.some(
      (p) => p.personId === value.personId && p.memberOrgId === value.memberOrgId,
    );
    if (!still) {
      const part = CARE_TEAM_ROLE_LABELS[role as keyof typeof CARE_TEAM_ROLE_LABELS] ?? role;
      setDropped(`${chosenName} cannot serve as ${part.toLowerCase()} from ${formatDate(on)}: choose again`);
      onChange(null);
    }
  }, [value, recheck.data, recheck.isFetching, recheck.isPlaceholderData, chosenName, role, on, onChange]);

  // The first label given to a person at an organisation stays: "Me" before the team, the team before a search.
  const data = new Map<string, string>();
  const offer = (c: Choice, label: string) => {
    const key = encode(c);
    if (!data.has(key)) data.set(key, label);
  };
  if (session.orgId && offerSelf)
    offer({ personId: session.personId, memberOrgId: session.orgId }, `Me (${session.name})`);
  for (const m of team) offer(m, `${m.name} — ${m.memberOrgName}`);
  for (const p of people.data?.items ?? []) offer(p, `${p.name} — ${p.memberOrgName}`);
  for (const [k, l] of Object.entries(chosenLabel)) if (!data.has(k)) data.set(k, l);

  return (
    <Select
      label={label}
      name="personId"
      required
      searchable
      description="Type a name to find someone at the plan or in its network"
      placeholder="Choose a person"
      data={[...data].map(([v, l]) => ({ value: v, label: l }))}
      value={value ? encode(value) : null}
      onChange={(v) => {
        setDropped(undefined);
        if (v) setChosenLabel({ [v]: data.get(v) ?? v });
        const chosen = decode(v);
        onChange(chosen && { ...chosen, label: v ? data.get(v) : undefined });
      }}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage="No one by that name"
      error={dropped ?? error}
      // The first thing to fill in a dialog, so the dialog opens here rather than on its close button.
      data-autofocus
      // The error above the field: a refusal puts focus back here, which opens the list over what is below.
      inputWrapperOrder={['label', 'description', 'error', 'input']}
    />
  );
}
