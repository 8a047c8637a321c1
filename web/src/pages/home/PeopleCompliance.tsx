import { Anchor, List, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { jobStatusLabel } from '../../components/JobProgress.js';
import { formatNumber, formatPercent } from '../../format.js';
import { useDashboard } from '../../queries/compliance.js';
import { useRecentJobs } from '../../queries/jobs.js';
import { StatusCounts } from './NetworkStatus.js';
import { Section } from './Section.js';

const at = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'America/New_York',
});

/** A provider administrator's first question: are my people compliant, and did my imports go through? */
export function PeopleCompliance() {
  const dashboard = useDashboard();
  const imports = useRecentJobs('people.import', { pageSize: 5 });
  const d = dashboard.data;
  return (
    <>
      <Section title="Your people's compliance">
        {d && (
          <Stack gap="xs">
            {d.requiredBy.length > 0 ? (
              <List spacing={4}>
                {d.requiredBy.map((r) => (
                  <List.Item key={r.id}>
                    {r.name} requires training of {formatNumber(r.people)}{' '}
                    {r.people === 1 ? 'person' : 'people'} here: {formatPercent(r.rate)} on track,{' '}
                    {formatNumber(r.counts.overdue)} overdue
                  </List.Item>
                ))}
              </List>
            ) : (
              <Text>No plan under contract with you requires training of your people now.</Text>
            )}
            {d.people > 0 && (
              <>
                <Text>
                  Your own requirements: {formatNumber(d.people)} people, {formatPercent(d.rate)} on track.
                </Text>
                <StatusCounts counts={d.total} />
              </>
            )}
            <Anchor component={Link} to="/compliance">
              Open the compliance dashboard
            </Anchor>
          </Stack>
        )}
      </Section>
      <Section title="Recent imports">
        {imports.data && !imports.data.items.length && (
          <Text>
            No people imported yet.{' '}
            <Anchor component={Link} to="/imports">
              Import people and roles
            </Anchor>
          </Text>
        )}
        {(imports.data?.items.length ?? 0) > 0 && (
          <List spacing={4}>
            {imports.data!.items.map((j) => (
              <List.Item key={j.id}>
                {j.fileName ?? 'People file'} — {jobStatusLabel(j)}, {at.format(new Date(j.createdAt))}
              </List.Item>
            ))}
          </List>
        )}
      </Section>
    </>
  );
}
