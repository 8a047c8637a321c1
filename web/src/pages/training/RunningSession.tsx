import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api.js';
import { JobStatus, useJob } from '../../components/JobProgress.js';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDateTime, formatNumber, plural } from '../../format.js';
import { notifyError, notifySaved } from '../../forms.js';
import {
  useAnnounce,
  useAnnouncement,
  useAttendance,
  useAttendanceImported,
  useImportAttendance,
  useMatchAttendance,
  useMatchCandidates,
  usePublishRecording,
} from '../../queries/training-sessions.js';
import { useUnsavedChanges } from '../../unsaved.js';
import { AttestationReview } from './AttestationReview.js';
import { type SessionView, scheduledMinutes } from './format.js';
import { MatchPerson } from './MatchPerson.js';
import { AttestationLink, ChangeSession } from './SessionChanges.js';

/** For the organisation running the session: counts, the attestation link, attendance and review. */
export function RunningTheSession({ session: s }: { session: SessionView }) {
  const [file, setFile] = useState<File | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const importAttendance = useImportAttendance(s.id);
  const imported = useAttendanceImported(s.id);
  const matchAttendance = useMatchAttendance(s.id);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [importJob, setImportJob] = useState<string | null>(null);
  const job = useJob(importJob);
  const finished = job.data?.status === 'succeeded' || job.data?.status === 'failed';
  const attendance = useAttendance(s.id, s.kind === 'live');
  // Once the import ends, what it changed is read again (once: `imported` is new on every render, so it is
  // not a reason to run again).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the import finishes, and only then
  useEffect(() => {
    if (finished) void imported();
  }, [finished]);
  // How many registered, so the page can say when no one did and matching offers the organisation's people.
  const registrants = useMatchCandidates(s.id, '', s.kind === 'live' && Boolean(attendance.data?.unmatched));

  async function upload() {
    if (!file) return;
    try {
      const job = await importAttendance.mutateAsync({ file, confirm: confirmed });
      setUploadError(null);
      setImportJob(job.id);
    } catch (err) {
      setUploadError(err instanceof Error ? err.message : String(err));
    }
  }

  async function match(rowId: string, personId: string) {
    try {
      await matchAttendance.mutateAsync({ rowId, personId });
      notifySaved('Matched: the attendance counts for this person.');
    } catch (err) {
      notifyError(err);
    }
  }

  return (
    <Card withBorder>
      <Stack>
        <Title order={3} size="h4">
          Running this session
        </Title>
        <Text>
          Registered {formatNumber(s.counts.registered)} · waitlisted {formatNumber(s.counts.waitlisted)} ·
          attended {formatNumber(s.counts.attended)} · attested {formatNumber(s.counts.attested)} · completed{' '}
          {formatNumber(s.counts.completed)}
        </Text>
        <AttestationLink session={s} />
        <ChangeSession session={s} />
        {s.kind === 'live' && (
          <>
            <Title order={4} size="h5">
              Attendance
            </Title>
            <Group align="flex-end">
              <FileInput
                label="Participant report (CSV from the webinar platform)"
                accept=".csv,text/csv"
                value={file}
                onChange={setFile}
                w={360}
              />
              <Button onClick={() => void upload()} disabled={!file}>
                Import attendance
              </Button>
            </Group>
            <Checkbox
              label="This is the report of this session, even though its date or title differs"
              description="A report of another day or another webinar is refused unless this is ticked."
              checked={confirmed}
              onChange={(e) => setConfirmed(e.currentTarget.checked)}
            />
            {uploadError && (
              <Alert color="red" role="alert" title="Not uploaded">
                {uploadError}
              </Alert>
            )}
            {job.data && (
              <JobStatus
                job={job.data}
                label="Attendance import progress"
                download="Download the result file"
              />
            )}
            {attendance.data && attendance.data.rows > 0 && (
              <>
                <Text role="status">
                  {formatNumber(attendance.data.rows)} rows: {formatNumber(attendance.data.matched)} matched
                  to {formatNumber(attendance.data.people)} people, {attendance.data.unmatched} to match by
                  hand.
                </Text>
                {registrants.data?.registrants === 0 && (
                  <Text>
                    No one registered for this session: match rows to anyone your organisation can see, by
                    name or e-mail.
                  </Text>
                )}
                <StackedTable>
                  <Table.Caption>Rows not matched to anyone, kept for matching by hand</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Row</Table.Th>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>E-mail</Table.Th>
                      <Table.Th>Minutes</Table.Th>
                      <Table.Th>Match to a person</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {attendance.data.items
                      .filter((i) => !i.personId)
                      .map((i) => (
                        <Table.Tr key={i.id}>
                          <Table.Td>{i.rowNumber}</Table.Td>
                          <Table.Td>{i.name}</Table.Td>
                          <Table.Td>{i.email ?? ''}</Table.Td>
                          <Table.Td>{i.minutes}</Table.Td>
                          <Table.Td>
                            <MatchPerson
                              sessionId={s.id}
                              row={i}
                              onPick={(personId) => void match(i.id, personId)}
                            />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                  </Table.Tbody>
                </StackedTable>
              </>
            )}
          </>
        )}
        <Title order={4} size="h5">
          Attestations
        </Title>
        <AttestationReview sessionId={s.id} />
        {s.kind === 'live' && <Dissemination session={s} />}
        <Anchor component={Link} to="/training">
          Back to training
        </Anchor>
      </Stack>
    </Card>
  );
}

/**
 * A live event's announcement (public events page, newsletter block, mailbox e-mail) before it, and its
 * recording published to the catalog after it.
 */
function Dissemination({ session: s }: { session: SessionView }) {
  const navigate = useNavigate();
  const over = s.endsAt ? Date.parse(s.endsAt) < Date.now() : false;
  const [sent, setSent] = useState<string | null>(null);
  // The recording's length starts as the event's (a 120-minute event is not a 60-minute recording).
  const [recording, setRecording] = useState({
    videoUrl: '',
    durationMinutes: (scheduledMinutes(s) ?? '') as number | string,
  });
  const [recordingError, setRecordingError] = useState<Record<string, string>>({});
  const release = useUnsavedChanges(recording.videoUrl !== '');
  const text = useAnnouncement(s.id);
  const announcement = useAnnounce(s.id);
  const publishing = usePublishRecording(s.id);

  async function announce() {
    try {
      const r = await announcement.mutateAsync();
      setSent(
        r.emails.mailbox === 0
          ? 'Posted to the public events page. The event is not in a program year with a mailbox list, so no e-mail was sent.'
          : `Posted to the public events page; ${plural(r.emails.queued, 'e-mail')} queued to the mailbox list${r.emails.alreadySent ? ` (${formatNumber(r.emails.alreadySent)} already had it)` : ''}.`,
      );
    } catch (err) {
      notifyError(err);
    }
  }

  async function publish(e: React.FormEvent) {
    e.preventDefault();
    try {
      const r = await publishing.mutateAsync({
        videoUrl: recording.videoUrl,
        durationMinutes: Number(recording.durationMinutes),
      });
      notifySaved('The recording is in the catalog.');
      release();
      navigate(`/training/sessions/${r.id}`);
    } catch (err) {
      setRecordingError(
        err instanceof ApiError
          ? Object.fromEntries(err.issues.map((i) => [i.path?.replace(/^body\./, '') ?? '', i.message]))
          : {},
      );
      notifyError(err);
    }
  }

  return (
    <>
      <Title order={4} size="h5">
        Announcement
      </Title>
      {s.announcedAt ? (
        <Text>
          On the <Anchor href="/events">public events page</Anchor> since {formatDateTime(s.announcedAt)}.
        </Text>
      ) : (
        <Text>Not announced yet.</Text>
      )}
      {text.data && (
        <Textarea
          label="Newsletter text"
          description="Copy it into the newsletter; the mailbox e-mail says the same."
          readOnly
          autosize
          minRows={6}
          value={`${text.data.subject}\n\n${text.data.text}`}
        />
      )}
      {!over && (
        <Group>
          <Button onClick={() => void announce()}>
            {s.announcedAt ? 'Announce again (new mailbox addresses only)' : 'Announce'}
          </Button>
        </Group>
      )}
      {sent && <Text role="status">{sent}</Text>}
      <Title order={4} size="h5">
        Recording
      </Title>
      {s.recordingId ? (
        <Anchor component={Link} to={`/training/sessions/${s.recordingId}`}>
          The recording is in the catalog
        </Anchor>
      ) : over ? (
        <form onSubmit={publish} noValidate>
          <Group align="flex-end">
            <TextInput
              label="Recording link"
              type="url"
              required
              value={recording.videoUrl}
              onChange={(e) => setRecording({ ...recording, videoUrl: e.currentTarget.value })}
              error={recordingError.videoUrl}
              w={360}
            />
            <NumberInput
              label="Length (minutes)"
              required
              min={1}
              value={recording.durationMinutes}
              onChange={(durationMinutes) => setRecording({ ...recording, durationMinutes })}
              error={recordingError.durationMinutes}
              w={160}
            />
            <Button type="submit">Publish the recording</Button>
          </Group>
        </form>
      ) : (
        <Text>After the event, publish its recording here.</Text>
      )}
    </>
  );
}
