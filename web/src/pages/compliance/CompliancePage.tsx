import { ROLE_LABELS, roleLabel } from '@contract/roles.js';
import {
  Alert,
  Anchor,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ListTable } from '../../components/ListTable.js';
import { StackedTable } from '../../components/StackedTable.js';
import { formatNumber, formatPercent, formatTime, plural } from '../../format.js';
import { options } from '../../labels.js';
import { useDashboard, useStatusesFollowFigures } from '../../queries/compliance.js';
import { CountsHead, CountsRow } from './counts-table.js';
import { EvidencePack } from './EvidencePack.js';
import { Flags } from './Flags.js';
import { type DashboardView, STATUS_LABELS, StatusBadge, type StatusRow } from './status.js';
import { Trend } from './Trend.js';

/** The dashboard's breakdowns, and which list filter each one's numbers set. */
const DIMENSIONS = {
  requirement: { label: 'Requirement', filter: 'requirementId' },
  role: { label: 'Role', filter: 'role' },
  organisation: { label: 'Organisation', filter: 'organisationId' },
  team: { label: 'Team', filter: 'team' },
  program: { label: 'Program', filter: 'program' },
} as const;
type Dimension = keyof typeof DIMENSIONS;

function breakdown(d: DashboardView, by: Dimension) {
  switch (by) {
    case 'requirement':
      return d.requirements.map((r) => ({ value: r.id, label: `${r.title} (${r.code})`, ...r }));
    case 'role':
      return d.roles.map((r) => ({ value: r.role, label: roleLabel(r.role), ...r }));
    case 'organisation':
      return d.organisations.map((o) => ({ value: o.id, label: o.name, ...o }));
    case 'team':
      return d.teams.map((t) => ({ value: t.team, label: t.team, ...t }));
    case 'program':
      return d.programs.map((p) => ({ value: p.program, label: p.program, ...p }));
  }
}

const NO_FILTERS = {
  /** Whose requirements: null for the default (yours, or the plans' when you have none), 'own', 'others' or an id. */
  requiredBy: null as string | null,
  requirementId: null as string | null,
  status: null as string | null,
  role: null as string | null,
  organisationId: null as string | null,
  team: null as string | null,
  program: null as string | null,
  q: '',
};

/**
 * Many changes at once (an import) are taken into the kept figures in the background: until then the
 * dashboard and the list below show them as they stood, and say so.
 */
function Updating({ figuresAsOf }: { figuresAsOf: string | null }) {
  return (
    <Alert color="gray" role="status">
      {figuresAsOf
        ? `Updating — figures as of ${formatTime(figuresAsOf)}. Recent changes are being taken in; this page updates itself when they are.`
        : 'Being prepared — the figures are being worked out for the first time; this page shows them as soon as they are ready.'}
    </Alert>
  );
}

/**
 * Where everyone the organisation's requirements reach stands: rates and counts per requirement and role,
 * and the people behind each number one click away.
 */
export function CompliancePage() {
  const [filters, setFilters] = useState({ asOf: '', basis: 'known', ...NO_FILTERS });
  const [by, setBy] = useState<Dimension>('requirement');
  const asOf = filters.asOf || undefined;
  // A past day is shown as known on it (reproducible) or as corrected since (decision 027).
  const basis = asOf ? (filters.basis === 'corrected' ? 'corrected' : 'known') : undefined;
  const day = asOf ? `asOf=${asOf}&basis=${basis}` : '';
  // While many changes are being taken in, the dashboard looks again until the figures are up to date.
  const dashboard = useDashboard({ asOf, basis }, { follow: true });
  const d = dashboard.data;
  // The list below is read again once the figures are up to date.
  const updating = d?.updating ?? false;
  useStatusesFollowFigures(updating);
  const show = (value: string, status: string) =>
    setFilters({ ...filters, ...NO_FILTERS, requiredBy: 'own', [DIMENSIONS[by].filter]: value, status });
  const showRequired = (requiredBy: string, requirementId: string | null, status: string) =>
    setFilters({ ...filters, ...NO_FILTERS, requiredBy, requirementId, status });
  // An organisation with no requirements of its own (a provider) lists what the plans require of its people.
  const requiredBy =
    filters.requiredBy ?? (d && d.requirements.length === 0 && d.requiredBy.length > 0 ? 'others' : 'own');
  const requirementChoices =
    requiredBy === 'own'
      ? (d?.requirements ?? [])
      : (d?.requiredBy ?? [])
          .filter((o) => requiredBy === 'others' || o.id === requiredBy)
          .flatMap((o) => o.requirements);
  const count = (value: string, status: keyof typeof STATUS_LABELS, n: number) =>
    n === 0 ? (
      '0'
    ) : (
      <Anchor component="button" type="button" onClick={() => show(value, status)}>
        {n}
        <VisuallyHidden> {STATUS_LABELS[status].toLowerCase()}, show them</VisuallyHidden>
      </Anchor>
    );
  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2}>Compliance</Title>
          <Anchor component={Link} to="/compliance/requirements">
            Requirements and reminders
          </Anchor>
        </Group>
        <TextInput
          label="As of"
          description="Empty: today"
          type="date"
          value={filters.asOf}
          onChange={(e) => setFilters({ ...filters, asOf: e.currentTarget.value })}
        />
        {asOf && (
          <Select
            label="Counting"
            description="Records made after that day"
            data={[
              { value: 'known', label: `As known on ${asOf}: left out` },
              { value: 'corrected', label: `As corrected since: counted` },
            ]}
            value={filters.basis}
            onChange={(v) => setFilters({ ...filters, basis: v ?? 'known' })}
            allowDeselect={false}
            w={260}
          />
        )}
      </Group>
      {d?.updating && <Updating figuresAsOf={d.figuresAsOf} />}
      {d && (
        <>
          <Text role="status" size="lg">
            {formatPercent(d.rate)} on track on {d.asOf}: {plural(d.people, 'person', 'people')},{' '}
            {formatNumber(d.total.overdue)} overdue, {formatNumber(d.total.expired)} expired,{' '}
            {formatNumber(d.total.due_soon)} due soon, {formatNumber(d.total.pending)} not yet due.
          </Text>
          <SegmentedControl
            aria-label="Break down by"
            value={by}
            onChange={(v) => setBy(v as Dimension)}
            data={Object.entries(DIMENSIONS).map(([value, x]) => ({ value, label: x.label }))}
          />
          <StackedTable>
            <Table.Caption>
              Per {DIMENSIONS[by].label.toLowerCase()}: people and person × requirement counts (select a
              number to see the people)
            </Table.Caption>
            <CountsHead first={DIMENSIONS[by].label} />
            <Table.Tbody>
              {breakdown(d, by).map((r) => (
                <CountsRow
                  key={r.value}
                  label={r.label}
                  of={r}
                  cell={(s) => count(r.value, s, r.counts[s])}
                />
              ))}
            </Table.Tbody>
          </StackedTable>
          <Trend points={d.trend} />
          {d.requiredBy.map((o) => (
            <RequiredBy key={o.id} organisation={o} show={showRequired} />
          ))}
        </>
      )}
      <EvidencePack asOf={asOf} basis={basis} />
      <Flags />
      <Title order={3} size="h4">
        People
      </Title>
      <Group align="flex-end">
        {(d?.requiredBy.length ?? 0) > 0 && (
          <Select
            label="Required by"
            data={[
              { value: 'own', label: 'Your organisation' },
              { value: 'others', label: 'Every organisation you contract with' },
              ...(d?.requiredBy ?? []).map((o) => ({ value: o.id, label: o.name })),
            ]}
            value={requiredBy}
            allowDeselect={false}
            onChange={(v) => setFilters({ ...filters, requiredBy: v, requirementId: null })}
            w={260}
          />
        )}
        <Select
          label="Requirement"
          placeholder="Every requirement"
          clearable
          data={requirementChoices.map((r) => ({ value: r.id, label: `${r.title} (${r.code})` }))}
          value={filters.requirementId}
          onChange={(requirementId) => setFilters({ ...filters, requirementId })}
          w={320}
        />
        <Select
          label="Status"
          placeholder="Every status"
          clearable
          data={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          value={filters.status}
          onChange={(status) => setFilters({ ...filters, status })}
        />
        <Select
          label="Role"
          placeholder="Every role"
          clearable
          data={options(ROLE_LABELS)}
          value={filters.role}
          onChange={(role) => setFilters({ ...filters, role })}
        />
        <TextInput
          label="Name or e-mail"
          value={filters.q}
          onChange={(e) => setFilters({ ...filters, q: e.currentTarget.value })}
        />
        <Select
          label="Organisation"
          placeholder="Every organisation"
          clearable
          data={(d?.organisations ?? []).map((o) => ({ value: o.id, label: o.name }))}
          value={filters.organisationId}
          onChange={(organisationId) => setFilters({ ...filters, organisationId })}
        />
        <Select
          label="Team"
          placeholder="Every team"
          clearable
          data={(d?.teams ?? []).map((t) => t.team)}
          value={filters.team}
          onChange={(team) => setFilters({ ...filters, team })}
        />
        <Select
          label="Program"
          placeholder="Every program"
          clearable
          data={(d?.programs ?? []).map((p) => p.program)}
          value={filters.program}
          onChange={(program) => setFilters({ ...filters, program })}
        />
        <Button
          variant="default"
          onClick={() => setFilters({ asOf: filters.asOf, basis: filters.basis, ...NO_FILTERS })}
        >
          Clear filters
        </Button>
      </Group>
      <ListTable<StatusRow & { id?: string }>
        caption="Each person’s status on each requirement"
        url="/api/compliance/statuses"
        exportUrl="/api/compliance/statuses/export"
        filters={{
          ...filters,
          requiredBy: requiredBy === 'own' ? undefined : requiredBy,
          asOf,
          basis,
          q: filters.q || undefined,
        }}
        defaultSort="status"
        columns={[
          {
            key: 'name',
            header: 'Person',
            sort: 'name',
            render: (r) => (
              <Anchor component={Link} to={`/compliance/people/${r.personId}${day ? `?${day}` : ''}`}>
                {r.name}
              </Anchor>
            ),
          },
          {
            key: 'roles',
            header: 'Roles',
            render: (r) => r.roles.map((x) => roleLabel(x)).join(', '),
          },
          { key: 'orgs', header: 'Organisation', render: (r) => r.organisations.join(', ') },
          {
            key: 'requirement',
            header: 'Requirement',
            sort: 'requirement',
            render: (r) =>
              r.requiredBy ? `${r.requirementTitle} (${r.requiredBy.name})` : r.requirementTitle,
          },
          {
            key: 'status',
            header: 'Status',
            sort: 'status',
            render: (r) => <StatusBadge status={r.status} />,
          },
          { key: 'due', header: 'Due', sort: 'dueOn', render: (r) => r.dueOn ?? '' },
          { key: 'why', header: 'Why', render: (r) => r.explanation },
        ]}
      />
    </Stack>
  );
}

/**
 * What one organisation under a network contract requires of your people (a plan, seen by its provider): per
 * requirement, people and counts, each number opening the people behind it.
 */
function RequiredBy({
  organisation: o,
  show,
}: {
  organisation: DashboardView['requiredBy'][number];
  show: (requiredBy: string, requirementId: string | null, status: string) => void;
}) {
  const count = (
    requirementId: string | null,
    label: string,
    status: keyof typeof STATUS_LABELS,
    n: number,
  ) =>
    n === 0 ? (
      '0'
    ) : (
      <Anchor component="button" type="button" onClick={() => show(o.id, requirementId, status)}>
        {n}
        <VisuallyHidden>
          {' '}
          {STATUS_LABELS[status].toLowerCase()} on {label}, show them
        </VisuallyHidden>
      </Anchor>
    );
  return (
    <StackedTable>
      <Table.Caption>
        Required by {o.name}: {formatPercent(o.rate)} on track, {formatNumber(o.people)} of your people
        (select a number to see them)
      </Table.Caption>
      <CountsHead first={`Requirement of ${o.name}`} />
      <Table.Tbody>
        {o.requirements.map((r) => (
          <CountsRow
            key={r.id}
            label={`${r.title} (${r.code})`}
            of={r}
            cell={(s) => count(r.id, r.title, s, r.counts[s])}
          />
        ))}
        <CountsRow
          label={`Every requirement of ${o.name}`}
          of={o}
          cell={(s) => count(null, `every requirement of ${o.name}`, s, o.counts[s])}
        />
      </Table.Tbody>
    </StackedTable>
  );
}
