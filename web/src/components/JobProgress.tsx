import { Anchor, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../api.js';

export interface Job {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progressDone: number;
  progressTotal: number | null;
  message: string | null;
  result: { outcome?: string; resultFileId?: string; message?: string } | null;
  createdAt: string;
  fileName: string | null;
}

/** Where a job stands, in words: an import that ran to the end but changed nothing is "Rejected". */
export function jobStatusLabel(job: Job): string {
  if (job.status === 'queued') return 'Waiting';
  if (job.status === 'running') return 'Running';
  if (job.status === 'failed') return 'Failed';
  return job.result?.outcome === 'rejected' ? 'Rejected: nothing imported' : 'Done';
}

function percent(job: Job) {
  return job.progressTotal ? Math.round((job.progressDone / job.progressTotal) * 100) : 0;
}

/** A job followed until it ends: every half second while it runs. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: ['job', id],
    queryFn: () => get<Job>(`/api/jobs/${id}`),
    enabled: Boolean(id),
    refetchInterval: (q) =>
      q.state.data && ['succeeded', 'failed'].includes(q.state.data.status) ? false : 500,
  });
}

/** A job's progress bar, its message (announced), and its result file when there is one. */
export function JobStatus({ job, label, download }: { job: Job; label: string; download: string }) {
  const done = job.status === 'succeeded' || job.status === 'failed';
  const rejected = job.result?.outcome === 'rejected';
  return (
    <Stack gap={4}>
      <Progress
        value={done ? 100 : percent(job)}
        color={job.status === 'failed' || rejected ? 'red.9' : 'indigo'}
        aria-label={label}
        animated={!done}
      />
      <Text size="sm" role="status">
        {/* A job queued again says why (its last attempt failed, or its process stopped). */}
        {job.status === 'queued'
          ? (job.message ?? 'Waiting to start…')
          : (job.result?.message ?? job.message ?? '')}
      </Text>
      {job.result?.resultFileId && (
        <Anchor href={`/api/jobs/${job.id}/result`} download>
          {download}
        </Anchor>
      )}
    </Stack>
  );
}
