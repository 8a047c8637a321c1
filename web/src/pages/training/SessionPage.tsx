import { safeHref } from '@contract/links.js';
import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDate, formatDateTime } from '../../format.js';
import { notifyError, notifySaved } from '../../forms.js';
import { useRegistration, useTrainingSession, viewings } from '../../queries/training-sessions.js';
import {
  howToComplete,
  REGISTRATION_LABELS,
  SESSION_KIND_LABELS,
  type SessionView,
  seatsText,
  when,
} from './format.js';
import { RunningTheSession } from './RunningSession.js';
import { SessionRoster } from './SessionRoster.js';

/** One session: for a learner, their place and the ways to take part; for the team running it, the rest. */
export function SessionPage() {
  const { id } = useParams();
  const query = useTrainingSession(id ?? '');
  const registration = useRegistration(id ?? '');
  const s = query.data;
  if (query.error) return <Alert color="red">{query.error.message}</Alert>;
  if (!s) return <Text>Loading…</Text>;
  const placed = s.myRegistration && s.myRegistration !== 'cancelled' ? s.myRegistration : null;
  // A cancelled session, or one that has ended, is no longer open to register or join.
  const open = !s.cancelledAt && !s.ended;

  async function act(method: 'POST' | 'DELETE') {
    try {
      const res = await registration.mutateAsync(method);
      notifySaved(
        method === 'DELETE'
          ? 'Your registration is cancelled.'
          : res.status === 'waitlisted'
            ? 'The session is full: you are on the waitlist.'
            : 'You are registered.',
      );
    } catch (err) {
      notifyError(err);
    }
  }

  return (
    <Stack>
      <Title order={2}>{s.title}</Title>
      <Group gap="xs">
        <Badge variant="outline" color="indigo.9">
          {SESSION_KIND_LABELS[s.kind]}
        </Badge>
        {placed && (
          <Badge color={placed === 'registered' ? 'teal.9' : 'yellow.9'}>{REGISTRATION_LABELS[placed]}</Badge>
        )}
        {s.cancelledAt && <Badge color="red.9">Cancelled</Badge>}
      </Group>
      {s.cancelledAt && (
        <Alert color="red" title="This session is cancelled">
          {s.ownerName} cancelled it on {formatDate(s.cancelledAt)}
          {s.cancelReason ? `: ${s.cancelReason}` : '.'} It is no longer open to register.
        </Alert>
      )}
      {!s.cancelledAt && s.ended && (
        <Alert color="gray" title="This session has ended">
          It ended on {formatDateTime(s.endsAt ?? '')}, so it is no longer open to register or join.
          {s.recordingId ? ' Its recording is published.' : ''}
        </Alert>
      )}
      <Table variant="vertical" withTableBorder maw={720}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={200}>Topic</Table.Th>
            <Table.Td>
              <Anchor component={Link} to={`/training/topics/${s.topicId}`}>
                {s.topicTitle}
              </Anchor>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Td>{when(s)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Offered by</Table.Th>
            <Table.Td>{s.ownerName}</Table.Td>
          </Table.Tr>
          {s.kind === 'live' && open && (
            <Table.Tr>
              <Table.Th>Seats</Table.Th>
              <Table.Td>{seatsText(s.seatsLeft)}</Table.Td>
            </Table.Tr>
          )}
          {s.speaker && (
            <Table.Tr>
              <Table.Th>Speaker</Table.Th>
              <Table.Td>{s.speaker}</Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th>To complete</Table.Th>
            <Table.Td>{howToComplete(s)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Group>
        {s.kind === 'live' &&
          open &&
          (placed ? (
            <Button variant="default" onClick={() => void act('DELETE')}>
              Cancel my registration
            </Button>
          ) : (
            <Button onClick={() => void act('POST')}>Register</Button>
          ))}
        {s.startsAt && !s.cancelledAt && (
          <Button component="a" variant="light" href={`/api/training/sessions/${s.id}/calendar.ics`} download>
            Add to calendar (.ics)
          </Button>
        )}
        {safeHref(s.joinUrl) && placed === 'registered' && open && (
          <Button component="a" variant="light" href={safeHref(s.joinUrl)} target="_blank" rel="noreferrer">
            Join the webinar
          </Button>
        )}
        {safeHref(s.videoUrl) && <WatchButton session={s} />}
        {s.myAttestationUrl && (
          <Button component={Link} variant="default" to={new URL(s.myAttestationUrl).pathname}>
            Attest that I watched it
          </Button>
        )}
        {s.kind === 'self_paced' && (
          <Button component={Link} to={`/training/sessions/${s.id}/module`}>
            Open the module
          </Button>
        )}
        {s.kind === 'self_paced' && s.attestationUrl && (
          <Button component={Link} variant="light" to={`/training/sessions/${s.id}/module/edit`}>
            Edit the module
          </Button>
        )}
      </Group>
      {s.attestationUrl && <RunningTheSession session={s} />}
      {s.attestationUrl && s.kind === 'live' && <SessionRoster session={s} />}
    </Stack>
  );
}

/** A recording that is a video file plays on this page; any other link opens beside it. */
const VIDEO_FILE = /\.(mp4|m4v|webm|ogv|ogg|mov)([?#]|$)/i;

/**
 * Keeps a server-clocked viewing going while `active` (decision 022): starts one, sends a heartbeat every
 * interval the server names, and a last one when it stops (paused, page hidden or left). The server credits
 * only the time between heartbeats it receives; this page sends no times of its own.
 */
function useViewing(sessionId: string, active: boolean, onStop: () => void) {
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: number | undefined;
    let viewingId: string | null = null;
    const beat = () =>
      viewings.beat(sessionId, viewingId).catch((err) => {
        window.clearInterval(timer);
        if (!stopped) {
          notifyError(err);
          onStop();
        }
      });
    viewings
      .start(sessionId)
      .then((viewing) => {
        viewingId = viewing.id;
        if (stopped) return;
        timer = window.setInterval(beat, viewing.heartbeatSeconds * 1000);
      })
      .catch((err) => {
        notifyError(err);
        onStop();
      });
    return () => {
      stopped = true;
      window.clearInterval(timer);
      if (viewingId) void beat();
    };
  }, [sessionId, active, onStop]);
}

/** Whether this page is visible: time with it hidden is not watched here. */
function usePageVisible() {
  const [visible, setVisible] = useState(document.visibilityState === 'visible');
  useEffect(() => {
    const changed = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', changed);
    return () => document.removeEventListener('visibilitychange', changed);
  }, []);
  return visible;
}

/**
 * The recording, with its viewing clocked by the server while it plays and this page is visible. A video
 * file plays here and counts while playing; another link opens in a new window and counts while this page
 * stays open and visible beside it, until "Stop watching".
 */
function WatchButton({ session }: { session: SessionView }) {
  const url = safeHref(session.videoUrl);
  const [playing, setPlaying] = useState(false);
  const visible = usePageVisible();
  const stop = useCallback(() => setPlaying(false), []);
  useViewing(session.id, playing && visible, stop);
  if (!url) return null;
  if (VIDEO_FILE.test(url))
    return (
      <Stack gap="xs" w="100%" maw={720}>
        {/* biome-ignore lint/a11y/useMediaCaption: recordings are uploaded by the training team, captions or not */}
        <video
          controls
          src={url}
          style={{ width: '100%' }}
          onPlay={() => setPlaying(true)}
          onPause={stop}
          onEnded={stop}
        />
        <Text size="sm" c="dimmed">
          Time counts while the recording plays and this page is visible.
        </Text>
      </Stack>
    );
  return playing ? (
    <Button variant="default" onClick={stop}>
      Watching: keep this page open — stop watching
    </Button>
  ) : (
    <Button
      variant="light"
      onClick={() => {
        window.open(url, '_blank', 'noreferrer');
        setPlaying(true);
      }}
    >
      Watch the recording
    </Button>
  );
}
