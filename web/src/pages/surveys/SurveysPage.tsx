import { Anchor, Badge, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router-dom';
import { StackedTable } from '../../components/StackedTable.js';
import { formatNumber, plural } from '../../format.js';
import { notifyError, notifySaved } from '../../forms.js';
import { useMySurveys, useOwnSurveys, useRemindSurvey, useSharedSurveys } from '../../queries/surveys.js';
import { can, useSession } from '../../session.js';

/** The surveys addressed to you, and (for those who build them) your organisation's surveys. */
export function SurveysPage() {
  const session = useSession();
  const builds = can(session, 'surveys.manage');
  const reads = can(session, 'surveys.results');
  const mine = useMySurveys();
  const shared = useSharedSurveys(reads);
  const reminding = useRemindSurvey();
  const remind = async (id: string) => {
    try {
      const r = await reminding.mutateAsync(id);
      notifySaved(
        `${plural(r.queued, 'reminder')} sent; ${formatNumber(r.alreadySent)} already reminded today`,
      );
    } catch (err) {
      notifyError(err);
    }
  };
  const own = useOwnSurveys(builds);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Surveys</Title>
        {builds && (
          <Button component={Link} to="/surveys/new">
            Build a survey
          </Button>
        )}
      </Group>
      <Title order={3} size="h4">
        For you
      </Title>
      {mine.data?.length === 0 && <Text>No survey is waiting for you.</Text>}
      {(mine.data ?? []).map((s) => (
        <Text key={s.id}>
          {s.answered ? (
            <>
              {s.title} ({s.organisation}) <Badge color="teal.9">Answered</Badge>
            </>
          ) : (
            <Anchor component={Link} to={`/surveys/${s.id}/answer`}>
              {s.started ? 'Continue' : 'Answer'}: {s.title} ({s.organisation})
              {s.closesOn ? `, closes ${s.closesOn}` : ''}
            </Anchor>
          )}
        </Text>
      ))}
      {(shared.data ?? []).length > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h4">
            Shared with your plan
          </Title>
          {shared.data!.map((s) => (
            <Anchor key={s.id} component={Link} to={`/surveys/${s.id}/plan-results`}>
              {s.title} ({s.organisation}): results for your plan
            </Anchor>
          ))}
        </Stack>
      )}
      {builds && (
        <StackedTable>
          <Table.Caption>Your organisation’s surveys</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Survey</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Answers</Table.Th>
              <Table.Th>Results</Table.Th>
              <Table.Th>Reminders</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(own.data ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/surveys/${s.id}/edit`}>
                    {s.title}
                  </Anchor>{' '}
                  ({s.code}){s.anonymous ? ', anonymous' : ''}
                </Table.Td>
                <Table.Td>{s.publishedVersion ?? 'Draft'}</Table.Td>
                <Table.Td>{s.responses}</Table.Td>
                <Table.Td>
                  {reads && s.publishedVersion ? (
                    <Anchor component={Link} to={`/surveys/${s.id}/results`}>
                      Results<VisuallyHidden> of {s.title}</VisuallyHidden>
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  {s.publishedVersion ? (
                    <Button variant="subtle" size="xs" onClick={() => remind(s.id)}>
                      Remind those who have not answered<VisuallyHidden> {s.title}</VisuallyHidden>
                    </Button>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      )}
    </Stack>
  );
}
