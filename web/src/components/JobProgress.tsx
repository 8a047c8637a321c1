import type { JobView } from '@contract/jobs.schemas.js';
import { Anchor, Progress, Stack, Text } from '@mantine/core';

/** A job as the API shows it (its contract type), under the name the pages know. */
export type Job = JobView;

/** Followed from the jobs feature's queries; re-exported for the pages that import it from here. */
export { useJob } from '../queries/jobs.js';

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
