import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api.js';
import { type Job, JobStatus, useJob } from '../../components/JobProgress.js';
import { notifyError } from '../../forms.js';

/**
 * Builds the readiness-review evidence pack as of the page's day (as known on it, or as corrected since),
 * with progress, then offers the file.
 */
export function EvidencePack({ asOf, basis }: { asOf: string | undefined; basis: string | undefined }) {
  const [format, setFormat] = useState<string | null>('xlsx');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  async function build() {
    try {
      const started = await api<Job>('POST', '/api/compliance/evidence-packs', { asOf, basis, format });
      setJobId(started.id);
    } catch (err) {
      notifyError(err);
    }
  }
  return (
    <Card withBorder>
      <Stack>
        <Title order={3} size="h4">
          Readiness-review evidence pack
        </Title>
        <Text size="sm">
          Every person your requirements reach, each requirement, and the completion that satisfies it with
          its evidence, as of {asOf ?? 'today'}
          {asOf &&
            (basis === 'corrected'
              ? ', as corrected since: counting what was recorded or corrected after that day'
              : ', as known on that day: leaving out what was recorded or corrected after it, so it reads the same whenever it is made again')}
          . The pack records the question, which of these it is, and when it was made.
        </Text>
        <Group align="flex-end">
          <Select
            label="Format"
            data={[
              { value: 'xlsx', label: 'XLSX: a sheet per requirement and a summary' },
              { value: 'csv', label: 'CSV: every line' },
              { value: 'pdf', label: 'PDF: the summary' },
            ]}
            value={format}
            onChange={setFormat}
            allowDeselect={false}
            w={340}
          />
          <Button onClick={() => void build()}>Build the evidence pack</Button>
        </Group>
        {job.data && (
          <JobStatus job={job.data} label="Evidence pack progress" download="Download the evidence pack" />
        )}
      </Stack>
    </Card>
  );
}
