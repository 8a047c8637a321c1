import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { safeHref } from '../../../../src/platform/http/links.js';
import { api, get } from '../../api.js';
import { notifyError, notifySaved } from '../../forms.js';
import { REGISTRATION_LABELS, SESSION_KIND_LABELS, type SessionView, when } from './format.js';
import { RunningTheSession } from './RunningSession.js';

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
        {safeHref(s.joinUrl) && placed === 'registered' && (
          <Button component="a" variant="light" href={safeHref(s.joinUrl)} target="_blank" rel="noreferrer">
            Join the webinar
          </Button>
        )}
        {safeHref(s.videoUrl) && <WatchButton session={s} />}
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
        window.open(safeHref(session.videoUrl), '_blank', 'noreferrer');
        setWatching(true);
      }}
    >
      {watching ? 'Watching: keep this page open' : 'Watch the recording'}
    </Button>
  );
}
