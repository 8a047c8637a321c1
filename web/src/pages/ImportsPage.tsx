import '@mantine/dropzone/styles.css';
import { Alert, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useState } from 'react';
import { JobStatus, jobStatusLabel } from '../components/JobProgress.js';
import { StackedTable } from '../components/StackedTable.js';
import { formatDateTime } from '../format.js';
import { useJob, useRecentJobs, useStartImport } from '../queries/jobs.js';
import { type Capability, can, useSession } from '../session.js';

const ACCEPT = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'text/csv': ['.csv'],
};

/** One kind of file import: where it uploads, its template, who may run it, and what it says. */
export interface ImportKind {
  title: string;
  intro: string;
  endpoint: string;
  jobKind: string;
  /** What the server must allow (decision 034). */
  capability: Capability;
  refused: string;
  dropLabel: string;
}

export const PEOPLE_IMPORT: ImportKind = {
  title: 'Import people and roles',
  intro:
    'Fill in the template (one row per person and role) and upload it as .xlsx or .csv. Every row is checked first: if any row has a problem, nothing is imported and the result file lists each problem with its row and column.',
  endpoint: '/api/people/imports',
  jobKind: 'people.import',
  capability: 'people.import',
  refused: 'Only organisation administrators can import people.',
  dropLabel: 'Upload a people file',
};

export const COMPLETIONS_IMPORT: ImportKind = {
  title: 'Import training completions',
  intro:
    'Record completions earned elsewhere: fill in the template (one row per person and topic, the person named by e-mail or NPI) and upload it as .xlsx or .csv. If any row has a problem, nothing is recorded and the result file lists each problem with its row and column. Re-importing the same rows adds nothing twice.',
  endpoint: '/api/training/completions/imports',
  jobKind: 'training.completions.import',
  capability: 'completion.record',
  refused: 'Only training administrators can import completions.',
  dropLabel: 'Upload a completions file',
};

export const ROSTER_IMPORT: ImportKind = {
  title: 'Import the enrollee roster',
  intro:
    'Load your plan’s enrollees: fill in the template (one row per enrollee, named by MassHealth ID) and upload it as .xlsx or .csv. If any row has a problem, nothing is imported and the result file lists each problem with its row and column. Re-importing changes only the enrollees whose details or enrollment differ from the file.',
  endpoint: '/api/care/enrollees/imports',
  jobKind: 'care.roster-import',
  capability: 'care.enrollee.import',
  refused:
    'Only the plan’s administrators, care coordinators, clinical care managers and enrollment submitters can import enrollees.',
  dropLabel: 'Upload a roster file',
};

export function ImportsPage({ kind = PEOPLE_IMPORT }: { kind?: ImportKind }) {
  const session = useSession();
  const [current, setCurrent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // When this import ends, the list below shows it finished as soon as the card above does.
  const job = useJob(current);
  const recent = useRecentJobs(kind.jobKind, { refetchInterval: 5_000 });
  const start = useStartImport(kind.endpoint);
  const mayImport = can(session, kind.capability);

  async function upload(files: File[]) {
    const file = files[0];
    if (!file) return;
    setError(null);
    try {
      const created = await start.mutateAsync(file);
      setCurrent(created.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <Stack>
      <Title order={2}>{kind.title}</Title>
      <Text>{kind.intro}</Text>
      <Group>
        <Button component="a" href={`${kind.endpoint}/template`} variant="light" download>
          Download the template
        </Button>
      </Group>
      {mayImport ? (
        <Dropzone
          onDrop={(f) => void upload(f)}
          onReject={() => setError('Upload one .xlsx or .csv file.')}
          accept={ACCEPT}
          maxFiles={1}
          aria-label={kind.dropLabel}
        >
          <Stack align="center" gap={4} py="lg">
            <Text fw={600}>Drop the file here, or press Enter to choose it</Text>
            <Text size="sm">.xlsx or .csv, up to 200 MB</Text>
          </Stack>
        </Dropzone>
      ) : (
        <Alert color="gray">{kind.refused}</Alert>
      )}
      {error && (
        <Alert color="red" role="alert" title="Not uploaded">
          {error}
        </Alert>
      )}
      {job.data && (
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">
            This import
          </Title>
          <JobStatus job={job.data} label="Import progress" download="Download the result file" />
        </Card>
      )}
      <Title order={3} size="h4">
        Recent imports
      </Title>
      <StackedTable>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Started</Table.Th>
            <Table.Th>File</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Outcome</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {recent.data?.items.map((j) => (
            <Table.Tr key={j.id}>
              <Table.Td>{formatDateTime(j.createdAt)}</Table.Td>
              <Table.Td>{j.fileName ?? ''}</Table.Td>
              <Table.Td>{jobStatusLabel(j)}</Table.Td>
              <Table.Td>
                <JobStatus job={j} label="Import progress" download="Download the result file" />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </StackedTable>
    </Stack>
  );
}

/** The completions import, as a page of its own so that the app can fetch this module when it is opened. */
export function CompletionsImportPage() {
  return <ImportsPage kind={COMPLETIONS_IMPORT} />;
}

/** The enrollee roster import, as a page of its own. */
export function RosterImportPage() {
  return <ImportsPage kind={ROSTER_IMPORT} />;
}
