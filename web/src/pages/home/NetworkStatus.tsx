import { Anchor, Group, List, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { formatNumber, formatPercent, plural } from '../../format.js';
import { useDashboard, useRecentFlags } from '../../queries/compliance.js';
import { type DashboardView, STATUS_LABELS, StatusBadge } from '../compliance/status.js';
import { Section } from './Section.js';

/** Counts by status, as the dashboard has them. */
export function StatusCounts({ counts }: { counts: DashboardView['total'] }) {
  return (
    <Group gap="md">
      {(Object.keys(STATUS_LABELS) as (keyof typeof STATUS_LABELS)[]).map((s) => (
        <Group key={s} gap={6} wrap="nowrap">
          <StatusBadge status={s} />
          <Text fw={600}>{formatNumber(counts[s])}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** A plan compliance officer's first question: where does the network stand, and what changed? */
export function NetworkStatus() {
  const dashboard = useDashboard();
  const flags = useRecentFlags();
  const d = dashboard.data;
  // The trend's point about a month back, to say what moved since.
  const before = d?.trend.length ? d.trend[Math.max(0, d.trend.length - 5)] : undefined;
  return (
    <>
      <Section title="The network's status">
        {d && (
          <Stack gap="xs">
            <Text>
              {formatNumber(d.people)} people under your requirements; {formatPercent(d.rate)} on track.{' '}
              <Anchor component={Link} to="/compliance">
                Open the dashboard
              </Anchor>
            </Text>
            <StatusCounts counts={d.total} />
            {d.updating && (
              <Text size="sm">Many changes are being taken in; these figures may be behind.</Text>
            )}
          </Stack>
        )}
      </Section>
      <Section title="What changed recently">
        {d && before && (
          <Text>
            Since {before.day}: on track {formatPercent(before.rate)} → {formatPercent(d.rate)}; overdue{' '}
            {formatNumber(before.counts.overdue)} → {formatNumber(d.total.overdue)}.
          </Text>
        )}
        {flags.data && (
          <>
            <Text>
              {flags.data.total === 0
                ? 'No one is flagged under the non-compliance policy.'
                : `${plural(flags.data.total, 'flag is', 'flags are')} open under the non-compliance policy (one for each person and requirement).`}
            </Text>
            {flags.data.items.length > 0 && (
              <List spacing={4}>
                {flags.data.items.map((f) => (
                  <List.Item key={f.id}>
                    <Anchor component={Link} to={`/compliance/people/${f.personId}`}>
                      {f.name}
                    </Anchor>{' '}
                    — {f.requirementTitle}, flagged {f.flaggedOn}
                  </List.Item>
                ))}
              </List>
            )}
          </>
        )}
      </Section>
    </>
  );
}
