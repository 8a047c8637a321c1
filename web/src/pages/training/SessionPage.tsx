import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  FileInput,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, get } from '../../api.js';
import { notifyError, notifySaved } from '../../forms.js';
import { REGISTRATION_LABELS, SESSION_KIND_LABELS, type SessionView, when } from './format.js';

/** One session: for a learner, their place and the ways to take part; for the team running it, the rest. */
export function SessionPage() {
  const { id } = useParams();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['session', id],
    queryFn: () => get<SessionView>(`/api/training/sessions/${id}`),
  });
  const s = query.data;
  if (query.error) return <Alert color="red">{query.error.message}</Alert>;
  if (!s) return <Text>Loading…</Text>;
  const refresh = () => client.invalidateQueries({ queryKey: ['session', id] });
  const placed = s.myRegistration && s.myRegistration !== 'cancelled' ? s.myRegistration : null;

  async function act(method: 'POST' | 'DELETE') {
    try {
      const res = await api<{ status?: string }>(method, `/api/training/sessions/${id}/registrations`);
      notifySaved(
        method === 'DELETE'
          ? 'Your registration is cancelled.'
          : res.status === 'waitlisted'
            ? 'The session is full: you are on the waitlist.'
            : 'You are registered.',
      );
      await refresh();
    } catch (err) {
      notifyError(err);
    }
  }

  return (
    <Stack>
      <Title order={2}>{s.title}</Title>
      <Group gap="xs">
        <Badge variant="light" color="indigo.9">
          {SESSION_KIND_LABELS[s.kind]}
        </Badge>
        {placed && (
          <Badge color={placed === 'registered' ? 'teal.9' : 'yellow.9'}>{REGISTRATION_LABELS[placed]}</Badge>
        )}
      </Group>
      <Table variant="vertical" withTableBorder maw={720}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={200}>Topic</Table.Th>
            <Table.Td>{s.topicTitle}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Td>{when(s)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Offered by</Table.Th>
            <Table.Td>{s.ownerName}</Table.Td>
          </Table.Tr>
          {s.speaker && (
            <Table.Tr>
              <Table.Th>Speaker</Table.Th>
              <Table.Td>{s.speaker}</Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th>To complete</Table.Th>
            <Table.Td>
              {s.kind === 'self_paced'
                ? `View every page${s.passMark != null ? ` and score at least ${s.passMark}% on the knowledge check` : ''}`
                : `${s.kind === 'live' ? 'Attend' : 'Watch'} at least ${s.minMinutes} minutes, then attest through the link`}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Group>
        {s.kind === 'live' &&
          (placed ? (
            <Button variant="default" onClick={() => void act('DELETE')}>
              Cancel my registration
            </Button>
          ) : (
            <Button onClick={() => void act('POST')}>Register</Button>
          ))}
        {s.startsAt && (
          <Button component="a" variant="light" href={`/api/training/sessions/${s.id}/calendar.ics`} download>
            Add to calendar (.ics)
          </Button>
        )}
        {s.joinUrl && placed === 'registered' && (
          <Button component="a" variant="light" href={s.joinUrl} target="_blank" rel="noreferrer">
            Join the webinar
          </Button>
        )}
        {s.videoUrl && <WatchButton session={s} />}
        {s.kind === 'self_paced' && (
          <Button component={Link} to={`/training/sessions/${s.id}/module`}>
            Open the module
          </Button>
        )}
      </Group>
      {s.attestationUrl && <RunningTheSession session={s} onChange={refresh} />}
    </Stack>
  );
}

/** Opens the recording and, while this page stays open and visible, reports the time watched each minute. */
function WatchButton({ session }: { session: SessionView }) {
  const [watching, setWatching] = useState(false);
  useEffect(() => {
    if (!watching) return;
    let from = new Date();
    const timer = window.setInterval(() => {
      const to = new Date();
      if (document.visibilityState === 'hidden') {
        from = to; // time with the page hidden is not counted
        return;
      }
      void api('POST', `/api/training/sessions/${session.id}/viewings`, {
        from: from.toISOString(),
        to: to.toISOString(),
      }).catch(() => window.clearInterval(timer));
      from = to;
    }, 60_000);
    // Leaving the page stops the reports: time is counted only while the page is open.
    return () => window.clearInterval(timer);
  }, [watching, session.id]);
  return (
    <Button
      variant="light"
      onClick={() => {
        window.open(session.videoUrl!, '_blank', 'noreferrer');
        setWatching(true);
      }}
    >
      {watching ? 'Watching: keep this page open' : 'Watch the recording'}
    </Button>
  );
}

interface AttendanceSummary {
  rows: number;
  matched: number;
  unmatched: number;
  people: number;
  items: {
    id: string;
    rowNumber: number;
    name: string;
    email: string | null;
    minutes: number;
    personId: string | null;
  }[];
}

interface Attestation {
  id: string;
  name: string;
  attestedAt: string;
  status: 'accepted' | 'held' | 'rejected';
  reason: string | null;
}

/** For the organisation running the session: counts, the attestation link, attendance and review. */
function RunningTheSession({
  session: s,
  onChange,
}: {
  session: SessionView;
  onChange: () => Promise<void>;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const attendance = useQuery({
    queryKey: ['attendance', s.id],
    queryFn: () => get<AttendanceSummary>(`/api/training/sessions/${s.id}/attendance`),
    enabled: s.kind === 'live',
  });
  const attestations = useQuery({
    queryKey: ['attestations', s.id],
    queryFn: () => get<Attestation[]>(`/api/training/sessions/${s.id}/attestations`),
  });

  async function upload() {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    try {
      const r = await api<AttendanceSummary>('POST', `/api/training/sessions/${s.id}/attendance`, form);
      setProblems([]);
      notifySaved(`Imported ${r.rows} rows: ${r.matched} matched, ${r.unmatched} to match by hand.`);
      await Promise.all([attendance.refetch(), onChange()]);
    } catch (err) {
      setProblems(
        err instanceof ApiError && err.issues.length > 0
          ? err.issues.map((i) => `Row ${i.row ?? '?'}${i.column ? `, ${i.column}` : ''}: ${i.message}`)
          : [err instanceof Error ? err.message : String(err)],
      );
    }
  }

  async function decide(a: Attestation, decision: 'accept' | 'reject') {
    const reason = window.prompt(`Why ${decision} ${a.name}'s attestation? (kept in the record)`);
    if (!reason) return;
    try {
      await api('POST', `/api/training/sessions/${s.id}/attestations/${a.id}/decision`, { decision, reason });
      notifySaved(decision === 'accept' ? 'Accepted: the topic is completed.' : 'Rejected.');
      await Promise.all([attestations.refetch(), onChange()]);
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
          Registered {s.counts.registered} · waitlisted {s.counts.waitlisted} · attended {s.counts.attended} ·
          attested {s.counts.attested} · completed {s.counts.completed}
        </Text>
        <Text>
          Attestation link (send it to participants at the end; it closes{' '}
          {new Date(s.attestationClosesAt).toLocaleDateString()}): <Code>{s.attestationUrl}</Code>
        </Text>
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
            {problems.length > 0 && (
              <Alert color="red" role="alert" title="Nothing was imported">
                {problems.map((p) => (
                  <div key={p}>{p}</div>
                ))}
              </Alert>
            )}
            {attendance.data && attendance.data.rows > 0 && (
              <>
                <Text role="status">
                  {attendance.data.rows} rows: {attendance.data.matched} matched to {attendance.data.people}{' '}
                  people, {attendance.data.unmatched} to match by hand.
                </Text>
                <Table>
                  <Table.Caption>Rows not matched to anyone, kept for matching by hand</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Row</Table.Th>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>E-mail</Table.Th>
                      <Table.Th>Minutes</Table.Th>
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
                        </Table.Tr>
                      ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </>
        )}
        <Title order={4} size="h5">
          Attestations
        </Title>
        {attestations.data?.length ? (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Person</Table.Th>
                <Table.Th>Attested</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Review</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {attestations.data.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.name}</Table.Td>
                  <Table.Td>{new Date(a.attestedAt).toLocaleString()}</Table.Td>
                  <Table.Td>{a.status}</Table.Td>
                  <Table.Td>{a.reason}</Table.Td>
                  <Table.Td>
                    {a.status === 'held' && (
                      <Group gap="xs">
                        <Button
                          size="xs"
                          onClick={() => void decide(a, 'accept')}
                          aria-label={`Accept ${a.name}`}
                        >
                          Accept
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => void decide(a, 'reject')}
                          aria-label={`Reject ${a.name}`}
                        >
                          Reject
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text>No attestations yet.</Text>
        )}
        <Anchor component={Link} to="/training">
          Back to training
        </Anchor>
      </Stack>
    </Card>
  );
}
