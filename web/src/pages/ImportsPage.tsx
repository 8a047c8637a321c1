import { Alert, Anchor, Button, Card, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, get } from '../api.js';
import { hasRole, useSession } from '../session.js';

interface Job {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progressDone: number;
  progressTotal: number | null;
  message: string | null;
  result: { outcome?: string; resultFileId?: string; message?: string } | null;
  createdAt: string;
}

const ACCEPT = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'text/csv': ['.csv'],
};

function percent(job: Job) {
  return job.progressTotal ? Math.round((job.progressDone / job.progressTotal) * 100) : 0;
}

function JobStatus({ job }: { job: Job }) {
  const done = job.status === 'succeeded' || job.status === 'failed';
  const rejected = job.result?.outcome === 'rejected';
  return (
    <Stack gap={4}>
      <Progress
        value={done ? 100 : percent(job)}
        color={job.status === 'failed' || rejected ? 'red.9' : 'indigo'}
        aria-label="Import progress"
        animated={!done}
      />
      <Text size="sm" role="status">
        {job.status === 'queued' ? 'Waiting to start…' : (job.result?.message ?? job.message ?? '')}
      </Text>
      {job.result?.resultFileId && (
        <Anchor href={`/api/jobs/${job.id}/result`} download>
          Download the result file
        </Anchor>
      )}
    </Stack>
  );
}

export function ImportsPage() {
  const session = useSession();
  const client = useQueryClient();
  const [current, setCurrent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useQuery({
    queryKey: ['job', current],
    queryFn: () => get<Job>(`/api/jobs/${current}`),
    enabled: Boolean(current),
    refetchInterval: (q) =>
      q.state.data && ['succeeded', 'failed'].includes(q.state.data.status) ? false : 500,
  });
  const recent = useQuery({
    queryKey: ['jobs'],
    queryFn: () => get<{ items: Job[] }>('/api/jobs?kind=people.import'),
    refetchInterval: 5_000,
  });
  const mayImport = hasRole(session, 'org_admin');

  async function upload(files: File[]) {
    const file = files[0];
    if (!file) return;
    setError(null);
    const form = new FormData();
    form.append('file', file);
    try {
      const created = await api<Job>('POST', '/api/people/imports', form);
      setCurrent(created.id);
      await client.invalidateQueries({ queryKey: ['jobs'] });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <Stack>
      <Title order={2}>Import people and roles</Title>
      <Text>
        Fill in the template (one row per person and role) and upload it as .xlsx or .csv. Every row is
        checked first: if any row has a problem, nothing is imported and the result file lists each problem
        with its row and column.
      </Text>
      <Group>
        <Button component="a" href="/api/people/imports/template" variant="light" download>
          Download the template
        </Button>
      </Group>
      {mayImport ? (
        <Dropzone
          onDrop={(f) => void upload(f)}
          onReject={() => setError('Upload one .xlsx or .csv file.')}
          accept={ACCEPT}
          maxFiles={1}
          aria-label="Upload a people file"
        >
          <Stack align="center" gap={4} py="lg">
            <Text fw={600}>Drop the file here, or press Enter to choose it</Text>
            <Text size="sm">.xlsx or .csv, up to 200 MB</Text>
          </Stack>
        </Dropzone>
      ) : (
        <Alert color="gray">Only organisation administrators can import people.</Alert>
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
          <JobStatus job={job.data} />
        </Card>
      )}
      <Title order={3} size="h4">
        Recent imports
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Started</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Outcome</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {recent.data?.items.map((j) => (
            <Table.Tr key={j.id}>
              <Table.Td>{new Date(j.createdAt).toLocaleString()}</Table.Td>
              <Table.Td>{j.status}</Table.Td>
              <Table.Td>
                <JobStatus job={j} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
