import '@mantine/dropzone/styles.css';
import {
  IDENTIFICATION_SOURCE_LABELS,
  IDENTIFICATION_SOURCES,
  type IdentificationSource,
  STAGE_LABELS,
  STAGES,
  type Stage,
} from '@contract/enrollment/assignment.labels.js';
import type { ImportedSource } from '@contract/enrollment/identification.schemas.js';
import { longDay } from '@contract/iso-days.js';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Pagination,
  Progress,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useState } from 'react';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDateTime, formatNumber } from '../../format.js';
import { errorMessage } from '../../forms.js';
import {
  IDENTIFICATION_IMPORT_JOB,
  IDENTIFICATION_TEMPLATE_URL,
  type IdentificationImportResult,
  identificationKeys,
  useIdentifications,
  useImportIdentifications,
} from '../../queries/enrollment-identification.js';
import { useJobProgress, useOutcomeFocus, useRecentJobs } from '../../queries/jobs.js';
import { can, useSession } from '../../session.js';
import { EnrollmentNav, OwnProviderIds } from './EnrollmentNav.js';

const ACCEPT = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'text/csv': ['.csv'],
};

export const STAGE_COLOR: Record<Stage, string> = {
  identified: 'blue.9',
  assigned: 'teal.9',
  outreach: 'teal.9',
  enrolled: 'teal.9',
  ended: 'gray.8',
};

const OUTCOME: Record<IdentificationImportResult['outcome'], { label: string; color: string }> = {
  applied: { label: 'Applied', color: 'teal.9' },
  checked: { label: 'Checked only', color: 'blue.9' },
  rejected: { label: 'Nothing applied', color: 'red.9' },
};

/** The rows to correct, from the job's result: row, column and what to do. */
function RowsToCorrect({ result }: { result: IdentificationImportResult }) {
  if (result.problems.length === 0) return null;
  const shown = new Set(result.problems.map((p) => p.row)).size;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {result.refused > shown
          ? `The first ${shown} of ${formatNumber(result.refused)} rows to correct`
          : result.refused > 0
            ? 'Rows to correct'
            : 'What to correct'}
      </Text>
      <StackedTable>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Row</Table.Th>
            <Table.Th>Column</Table.Th>
            <Table.Th>Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.problems.map((p) => (
            <Table.Tr key={`${p.row}-${p.column}-${p.message}`}>
              <Table.Td>{p.row ?? ''}</Table.Td>
              <Table.Td>{p.column ?? ''}</Table.Td>
              <Table.Td>{p.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </StackedTable>
    </Stack>
  );
}

/**
 * The list just sent: its progress while it runs, then its outcome (announced, and focused, so a keyboard or
 * screen reader user lands on it), the rows to correct and the result file; the identifications are read again.
 */
function CurrentImport({ jobId }: { jobId: string }) {
  const { job, ended, percent } = useJobProgress(jobId);
  const heading = useOutcomeFocus(ended, identificationKeys.all);
  const result =
    job.data?.status === 'succeeded' ? (job.data.result as IdentificationImportResult | null) : null;
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs" ref={heading} tabIndex={-1}>
        This list
      </Title>
      <div role="status">
        {result ? (
          <Stack gap="sm">
            <Group gap="xs">
              <Badge color={OUTCOME[result.outcome].color}>{OUTCOME[result.outcome].label}</Badge>
              <Text size="sm">{IDENTIFICATION_SOURCE_LABELS[result.source]}</Text>
            </Group>
            <Text size="sm">{result.message}</Text>
            <RowsToCorrect result={result} />
            {result.resultFileId && (
              <Anchor href={`/api/jobs/${jobId}/result`} download>
                Result file: every row with its outcome
              </Anchor>
            )}
          </Stack>
        ) : (
          <Stack gap={4}>
            <Progress value={ended ? 100 : percent} aria-label="Import progress" animated={!ended} />
            <Text size="sm">{job.data?.message ?? 'Waiting to start…'}</Text>
          </Stack>
        )}
      </div>
    </Card>
  );
}

/** Choosing the list, check only, and the file; then the import just sent. */
function Upload() {
  const [source, setSource] = useState<ImportedSource>('state_list');
  const [checkOnly, setCheckOnly] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = useImportIdentifications();
  async function upload(files: File[]) {
    const file = files[0];
    if (!file) return;
    setError(null);
    try {
      setJobId((await send.mutateAsync({ file, source, checkOnly })).id);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Stack>
      <Radio.Group
        label="Which list is it?"
        value={source}
        onChange={(v) => setSource(v as ImportedSource)}
        name="source"
      >
        <Stack gap={6} mt={6}>
          <Radio value="state_list" label={IDENTIFICATION_SOURCE_LABELS.state_list} />
          <Radio value="own" label="Your organisation’s own identification" />
        </Stack>
      </Radio.Group>
      <Checkbox
        label="Check only: see every problem, apply nothing"
        checked={checkOnly}
        onChange={(e) => setCheckOnly(e.currentTarget.checked)}
      />
      <Dropzone
        onDrop={(f) => void upload(f)}
        onReject={() => setError('Upload one .xlsx or .csv file.')}
        accept={ACCEPT}
        maxFiles={1}
        loading={send.isPending}
        aria-label={`Upload the ${IDENTIFICATION_SOURCE_LABELS[source]}${checkOnly ? ' to check' : ''}`}
      >
        <Stack align="center" gap={4} py="lg">
          <Text fw={600}>Drop the list here, or press Enter to choose it</Text>
          <Text size="sm">.xlsx or .csv, in the layout MassHealth sends</Text>
        </Stack>
      </Dropzone>
      {error && (
        <Alert color="red" role="alert" title="Not uploaded">
          {error}
        </Alert>
      )}
      {jobId && <CurrentImport key={jobId} jobId={jobId} />}
    </Stack>
  );
}

/** The lists sent lately: who sent which file, when, and what came of it. */
function RecentImports() {
  const recent = useRecentJobs(IDENTIFICATION_IMPORT_JOB, { pageSize: 5, refetchInterval: 10_000 });
  if (!recent.data?.items.length) return null;
  return (
    <Stack gap={4}>
      <Title order={3} size="h4">
        Lists sent lately
      </Title>
      {recent.data.items.map((j) => (
        <Text size="sm" key={j.id}>
          {formatDateTime(j.createdAt)}, {j.fileName}: {j.result?.message ?? j.message ?? 'Waiting'}{' '}
          {j.result?.resultFileId && (
            <Anchor href={`/api/jobs/${j.id}/result`} download size="sm">
              Result file
            </Anchor>
          )}
        </Text>
      ))}
    </Stack>
  );
}

export function IdentificationPage() {
  const session = useSession();
  const [stage, setStage] = useState<Stage | null>(null);
  const [source, setSource] = useState<IdentificationSource | null>(null);
  const [page, setPage] = useState(1);
  const list = useIdentifications({ stage, source, page });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  return (
    <Stack>
      <Title order={2}>Identified members</Title>
      <EnrollmentNav />
      <Text>
        Members identified for Community Partner supports: from MassHealth’s quarterly list, your own
        identification, or a provider’s referral you accepted. Upload a list as .xlsx or .csv in MassHealth’s
        layout. Every row is checked first; if any row is refused, nothing is applied, and the rows to correct
        are listed here and in the result file. A later record updates a member, an inactive one (I) ends
        their identification, and a record older than the one kept changes nothing.
      </Text>
      <OwnProviderIds />
      {can(session, 'enrollment.identification.import') && (
        <>
          <Group>
            <Button component="a" href={IDENTIFICATION_TEMPLATE_URL} variant="light" download>
              Download the template
            </Button>
          </Group>
          <Upload />
          <RecentImports />
        </>
      )}
      <Title order={3} size="h4">
        Identifications
      </Title>
      <Group align="flex-end">
        <Select
          label="Stage"
          placeholder="Every stage"
          clearable
          data={STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
          value={stage}
          onChange={(v) => {
            setStage(v as Stage | null);
            setPage(1);
          }}
        />
        <Select
          label="Where from"
          placeholder="Every source"
          clearable
          data={IDENTIFICATION_SOURCES.map((s) => ({ value: s, label: IDENTIFICATION_SOURCE_LABELS[s] }))}
          value={source}
          onChange={(v) => {
            setSource(v as IdentificationSource | null);
            setPage(1);
          }}
        />
      </Group>
      {list.isError && (
        <Alert color="red" role="alert">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.data && (
        <Text size="sm" role="status">
          {formatNumber(list.data.total)} {list.data.total === 1 ? 'identification' : 'identifications'}
        </Text>
      )}
      <StackedTable>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Member</Table.Th>
            <Table.Th>Stage</Table.Th>
            <Table.Th>Where from</Table.Th>
            <Table.Th>CP type and suggested CP</Table.Th>
            <Table.Th>Identified on</Table.Th>
            <Table.Th>Known to</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>
                {i.givenName} {i.familyName}
                <Text size="xs">MassHealth ID {i.masshealthId}</Text>
                {session.orgId !== i.orgId && <Text size="xs">{i.orgName}</Text>}
              </Table.Td>
              <Table.Td>
                <Badge color={STAGE_COLOR[i.stage]}>{STAGE_LABELS[i.stage]}</Badge>
                {i.endedOn && (
                  <Text size="xs">
                    {longDay(i.endedOn)}
                    {i.endReason ? `: ${i.endReason}` : ''}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{IDENTIFICATION_SOURCE_LABELS[i.source]}</Table.Td>
              <Table.Td>
                {i.cpType ?? 'Type not given'}
                {i.suggestedCpName && <Text size="xs">{i.suggestedCpName}</Text>}
              </Table.Td>
              <Table.Td>{longDay(i.identifiedOn)}</Table.Td>
              <Table.Td>{i.agencyFlags.length ? i.agencyFlags.join(', ') : 'None'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </StackedTable>
      {list.data?.total === 0 && <Text>No member is identified here yet.</Text>}
      {pages > 1 && (
        <Pagination total={pages} value={page} onChange={setPage} aria-label="Pages of identifications" />
      )}
    </Stack>
  );
}
