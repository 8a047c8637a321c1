import '@mantine/dropzone/styles.css';
import { BATCH_OUTCOME_LABELS } from '@contract/enrollment/enrollment.labels.js';
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
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useState } from 'react';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDateTime, formatNumber } from '../../format.js';
import {
  BATCH_TEMPLATE_URL,
  type BatchView,
  batchPortalUrl,
  batchResultUrl,
  enrollmentKeys,
  useBatch,
  useBatches,
  useBatchProblems,
  useSendBatch,
} from '../../queries/enrollment.js';
import { useJobProgress, useOutcomeFocus } from '../../queries/jobs.js';
import { can, useSession } from '../../session.js';
import { EnrollmentNav, OwnProviderIds } from './EnrollmentNav.js';

const ACCEPT = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'text/csv': ['.csv'],
};

const OUTCOME_COLOR: Record<BatchView['outcome'], string> = {
  running: 'indigo',
  applied: 'teal.9',
  checked: 'blue.9',
  rejected: 'red.9',
  refused: 'red.9',
  stopped: 'gray.8',
};

/** What a batch did: its outcome, counts and files. */
function BatchOutcome({ batch }: { batch: BatchView }) {
  const finished = batch.outcome !== 'running' && batch.outcome !== 'stopped';
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Badge color={OUTCOME_COLOR[batch.outcome]}>{BATCH_OUTCOME_LABELS[batch.outcome]}</Badge>
        {batch.checkOnly && <Badge variant="outline">Check only</Badge>}
      </Group>
      <Text size="sm">{batch.message}</Text>
      <Group gap="md">
        {finished && batch.outcome !== 'refused' && (
          <Anchor href={batchResultUrl(batch.id)} download>
            Result file for {batch.fileName}
          </Anchor>
        )}
        {batch.outcome === 'applied' && (
          <Anchor href={batchPortalUrl(batch.id)} download>
            File for the state’s portal
          </Anchor>
        )}
      </Group>
    </Stack>
  );
}

/** The first refused rows, so the page says what to correct without opening the result file. */
function Problems({ batch }: { batch: BatchView }) {
  const problems = useBatchProblems(batch.id, batch.refusedRows > 0);
  if (!problems.data?.items.length) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {batch.refusedRows > problems.data.items.length
          ? `The first ${problems.data.items.length} of ${formatNumber(batch.refusedRows)} rows to correct`
          : 'Rows to correct'}
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
          {problems.data.items.flatMap((r) =>
            r.problems.map((p) => (
              <Table.Tr key={`${r.rowNumber}-${p.column}-${p.message}`}>
                <Table.Td>{r.rowNumber}</Table.Td>
                <Table.Td>{p.column}</Table.Td>
                <Table.Td>{p.message}</Table.Td>
              </Table.Tr>
            )),
          )}
        </Table.Tbody>
      </StackedTable>
    </Stack>
  );
}

/**
 * The batch just sent: its progress while it runs, then its outcome (announced, and focused, so a keyboard
 * or screen reader user lands on it) with the rows to correct; the list below is read again.
 */
function CurrentBatch({ jobId }: { jobId: string }) {
  const { job, ended, percent } = useJobProgress(jobId);
  const batch = useBatch(jobId, ended);
  const heading = useOutcomeFocus(Boolean(batch.data), [...enrollmentKeys.all, 'batches']);
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs" ref={heading} tabIndex={-1}>
        This batch
      </Title>
      <div role="status">
        {batch.data ? (
          <Stack gap="sm">
            <BatchOutcome batch={batch.data} />
            <Problems batch={batch.data} />
          </Stack>
        ) : (
          <Stack gap={4}>
            <Progress value={ended ? 100 : percent} aria-label="Batch progress" animated={!ended} />
            <Text size="sm">
              {job.data?.status === 'failed' ? job.data.message : (job.data?.message ?? 'Waiting to start…')}
            </Text>
          </Stack>
        )}
      </div>
    </Card>
  );
}

export function BatchesPage() {
  const session = useSession();
  const [jobId, setJobId] = useState<string | null>(null);
  const [checkOnly, setCheckOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const batches = useBatches(page, { refetchInterval: 5_000 });
  const send = useSendBatch();
  const maySend = can(session, 'enrollment.batch.submit');

  async function upload(files: File[]) {
    const file = files[0];
    if (!file) return;
    setError(null);
    try {
      setJobId((await send.mutateAsync({ file, checkOnly })).id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  const pages = batches.data ? Math.max(1, Math.ceil(batches.data.total / batches.data.pageSize)) : 1;
  return (
    <Stack>
      <Title order={2}>Enrollment batch files</Title>
      <EnrollmentNav />
      <Text>
        Enroll (E), disenroll (D) and transfer (T) members with Community Partners: fill in the template, one
        row per member, and upload it as .xlsx or .csv. Every row is checked before anything is applied. If
        any row has a problem, nothing is applied and the result file lists each row with its outcome and the
        column to correct. The same file is never applied twice.
      </Text>
      <OwnProviderIds />
      <Group>
        <Button component="a" href={BATCH_TEMPLATE_URL} variant="light" download>
          Download the template
        </Button>
      </Group>
      {maySend ? (
        <>
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
            aria-label={checkOnly ? 'Upload a batch file to check' : 'Upload a batch file to apply'}
          >
            <Stack align="center" gap={4} py="lg">
              <Text fw={600}>Drop the batch file here, or press Enter to choose it</Text>
              <Text size="sm">.xlsx or .csv, up to 200 MB</Text>
            </Stack>
          </Dropzone>
        </>
      ) : (
        <Alert color="gray">
          Batch files are sent by an ACO’s, MCO’s or Community Partner’s enrollment submitters and
          administrators.
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert" title="Not uploaded">
          {error}
        </Alert>
      )}
      {jobId && <CurrentBatch key={jobId} jobId={jobId} />}
      <Title order={3} size="h4">
        Batches sent
      </Title>
      {batches.data?.items.length === 0 && <Text>No batch has been sent yet.</Text>}
      <StackedTable>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Uploaded</Table.Th>
            <Table.Th>File</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>Rows</Table.Th>
            <Table.Th>Outcome</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {batches.data?.items.map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td>{formatDateTime(b.createdAt)}</Table.Td>
              <Table.Td>
                {b.fileName}
                {session.orgId !== b.orgId && (
                  <Text size="xs" c="dimmed">
                    {b.orgName}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{b.createdByName ?? ''}</Table.Td>
              <Table.Td>
                {formatNumber(b.rows)}
                {b.refusedRows > 0 && ` (${formatNumber(b.refusedRows)} refused)`}
              </Table.Td>
              <Table.Td>
                <BatchOutcome batch={b} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </StackedTable>
      {pages > 1 && (
        <Pagination total={pages} value={page} onChange={setPage} aria-label="Pages of batches" />
      )}
    </Stack>
  );
}
