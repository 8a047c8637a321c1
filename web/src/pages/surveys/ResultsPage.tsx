import { foldText } from '@contract/fold.js';
import '@mantine/charts/styles.css';
import { countLabel as labelOf, type Question, questionsOf } from '@contract/surveys/definition.js';
import type { GroupResult, QuestionResult } from '@contract/surveys/results.schemas.js';
import { BarChart } from '@mantine/charts';
import { Alert, Button, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { StackedTable } from '../../components/StackedTable.js';
import { formatNumber } from '../../format.js';
import { useSurveyResults } from '../../queries/surveys.js';
import { BeforeAndAfter, ParticipationTable } from './ResultsParts.js';

/**
 * One question: a bar chart of the whole, and a table of the same numbers for every group shown. Words
 * written are listed from `words`: every respondent's for the survey's own organisation, only its own
 * respondents' for a plan (none when its group is withheld).
 */
function QuestionResults({
  q,
  all,
  groups,
  words,
  search,
}: {
  q: Question;
  all: QuestionResult;
  groups: GroupResult[];
  words: { of: string; result: QuestionResult | undefined };
  search: string;
}) {
  const inGroup = (g: GroupResult) => g.questions?.find((x) => x.key === q.key);
  if (q.type === 'short_text' || q.type === 'long_text' || !Object.keys(all.counts).length) {
    if (!words.result)
      return (
        <Text size="sm">
          {formatNumber(all.answered)} answered. What {words.of} wrote is shown only when at least five of
          them answered.
        </Text>
      );
    // The same words from several people come once, with how many wrote them, the most written first.
    const texts = words.result.texts.filter((t) => foldText(t.text).includes(foldText(search)));
    return (
      <Stack gap="xs">
        <Text size="sm">
          {formatNumber(all.answered)} answered; {formatNumber(texts.length)} different answers{' '}
          {words.of === 'everyone' ? '' : `from ${words.of} `}
          shown
        </Text>
        <ul>
          {texts.slice(0, 50).map(({ text: t, n }) => (
            <li key={t}>
              {t}
              {n > 1 ? ` (${n} people)` : ''}
            </li>
          ))}
        </ul>
      </Stack>
    );
  }
  const values = Object.keys(all.counts);
  return (
    <Stack gap="xs">
      <BarChart
        h={Math.max(120, values.length * 34)}
        data={values.map((v) => ({ answer: labelOf(q, v), People: all.counts[v] ?? 0 }))}
        dataKey="answer"
        orientation="vertical"
        yAxisProps={{ width: 200 }}
        series={[{ name: 'People', color: 'indigo.8' }]}
        barChartProps={{ accessibilityLayer: false }}
        aria-hidden
      />
      <StackedTable>
        <Table.Caption>
          {formatNumber(all.answered ?? 0)} answered{all.mean !== null ? `; mean ${all.mean}` : ''}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Answer</Table.Th>
            <Table.Th ta="right">All</Table.Th>
            {groups.map((g) => (
              <Table.Th key={g.group} ta="right">
                {g.group}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {values.map((v) => (
            <Table.Tr key={v}>
              <Table.Td>{labelOf(q, v)}</Table.Td>
              <Table.Td ta="right">{formatNumber(all.counts[v] ?? 0)}</Table.Td>
              {groups.map((g) => (
                <Table.Td key={g.group} ta="right">
                  {g.suppressed ? 'hidden' : (inGroup(g)?.counts[v] ?? 0)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </StackedTable>
    </Stack>
  );
}

/**
 * A survey's results: per question, overall and by plan, organisation or role; small groups suppressed.
 * `shared`: a training vendor's survey as a plan sees it — every plan together, and the plan beside it.
 */
export function ResultsPage({ shared = false }: { shared?: boolean }) {
  const { id } = useParams();
  const [by, setBy] = useState('plan');
  const [search, setSearch] = useState('');
  const results = useSurveyResults(id ?? '', shared, by);
  const r = results.data;
  if (!r) return null;
  const groups = r.breakdown;
  return (
    <Stack>
      <Title order={2}>Survey results</Title>
      <Text>
        Version {r.version}: {r.overall.respondents ?? 'fewer than 5'} respondents. Any group of fewer than
        five is hidden, and so are the next smallest when the total less the groups shown would reveal it.
      </Text>
      {shared ? (
        <Group justify="space-between">
          <Text>Every plan together, and your plan beside it; nothing is shown about any other plan.</Text>
          <Button
            component="a"
            size="xs"
            variant="light"
            href={`/api/surveys/${id}/plan-findings?version=${r.version}`}
            download
          >
            Findings report for your plan (PDF)
          </Button>
        </Group>
      ) : (
        <SegmentedControl
          aria-label="Break down by"
          value={by}
          onChange={setBy}
          data={[
            { value: 'none', label: 'All together' },
            { value: 'plan', label: 'Plan' },
            { value: 'organisation', label: 'Organisation' },
            { value: 'role', label: 'Role' },
          ]}
        />
      )}
      {!shared && (
        <Group gap="xs">
          {[
            ['xlsx', 'Spreadsheet (XLSX)'],
            ['csv', 'CSV'],
            ['pdf', 'Findings report (PDF)'],
            ['fhir-responses', 'FHIR QuestionnaireResponses'],
          ].map(([format, label]) => (
            <Button
              key={format}
              component="a"
              size="xs"
              variant="light"
              href={`/api/surveys/${id}/export?format=${format}&version=${r.version}`}
              download
            >
              {label}
            </Button>
          ))}
        </Group>
      )}
      <ParticipationTable participation={r.participation} />
      {!shared && <BeforeAndAfter surveyId={id!} />}
      {groups.some((g) => g.suppressed) && (
        <Alert role="status" color="gray" title="Some groups are not shown">
          {groups
            .filter((g) => g.suppressed)
            .map((g) => g.group)
            .join(', ')}
          {shared
            ? ': hidden — fewer than 5 responses, or every plan’s total less yours would show another plan’s.'
            : ': hidden — fewer than 5 responses, or shown they would let a group of fewer than 5 be worked out from the total.'}
        </Alert>
      )}
      <TextInput
        label="Search the written answers"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={400}
      />
      {r.overall.suppressed || !r.overall.questions ? (
        <Alert role="status" color="gray">
          Fewer than five people have answered this version: nothing can be shown yet.
        </Alert>
      ) : (
        questionsOf(r.definition).map((q) => (
          <Stack key={q.key} gap="xs">
            <Title order={3} size="h5">
              {q.text}
            </Title>
            <QuestionResults
              q={q}
              all={r.overall.questions!.find((x) => x.key === q.key)!}
              groups={groups.filter((g) => !g.suppressed)}
              words={
                shared
                  ? {
                      of: 'your plan’s respondents',
                      result: groups[0]?.questions?.find((x) => x.key === q.key),
                    }
                  : { of: 'everyone', result: r.overall.questions!.find((x) => x.key === q.key) }
              }
              search={search}
            />
          </Stack>
        ))
      )}
    </Stack>
  );
}
