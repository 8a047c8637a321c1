import { Anchor, Badge, Button, Checkbox, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ListTable } from '../../components/ListTable.js';
import { topicKeys } from '../../queries/training-catalog.js';
import { completionKeys } from '../../queries/training-records.js';
import { sessionKeys } from '../../queries/training-sessions.js';
import { can, useSession } from '../../session.js';
import { FormModal } from '../../unsaved.js';
import {
  type CompletionView,
  METHOD_LABELS,
  REGISTRATION_LABELS,
  SESSION_KIND_LABELS,
  type SessionView,
  seatsText,
  type TopicView,
  when,
} from './format.js';
import { SessionForm } from './SessionForm.js';
import { TopicForm } from './TopicForm.js';
import { WhatYouOwe } from './WhatYouOwe.js';

/** The training open to the active organisation, and the signed-in person's own completions. */
export function TrainingPage() {
  const session = useSession();
  const [kind, setKind] = useState<string | null>(null);
  const [upcoming, setUpcoming] = useState(true);
  const [addingTopic, topicModal] = useDisclosure();
  const [addingSession, sessionModal] = useDisclosure();
  const navigate = useNavigate();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Training</Title>
        <Group gap="xs">
          <Button component={Link} to="/training/years" variant="light">
            Program years
          </Button>
          {can(session, 'participation.read') && (
            <Button component={Link} to="/training/participation" variant="light">
              Participation
            </Button>
          )}
          {can(session, 'completion.record') && (
            <Button component={Link} to="/training/imports" variant="light">
              Import completions
            </Button>
          )}
          {can(session, 'catalog.offerShared') && (
            <>
              <Button variant="light" onClick={topicModal.open}>
                Add a topic
              </Button>
              <Button onClick={sessionModal.open}>Offer a session</Button>
            </>
          )}
        </Group>
      </Group>
      <Group align="flex-end">
        <Select
          label="Kind"
          placeholder="Every kind"
          clearable
          data={Object.entries(SESSION_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          value={kind}
          onChange={setKind}
          w={220}
        />
        <Checkbox
          label="Upcoming and on demand only"
          checked={upcoming}
          onChange={(e) => setUpcoming(e.currentTarget.checked)}
          mb={8}
        />
      </Group>
      <ListTable<SessionView>
        caption="Sessions open to you"
        url={sessionKeys.all[0]}
        filters={{ kind, upcoming: upcoming ? 'true' : undefined }}
        defaultSort="startsAt"
        columns={[
          {
            key: 'title',
            header: 'Session',
            sort: 'title',
            render: (s) => (
              <Anchor component={Link} to={`/training/sessions/${s.id}`}>
                {s.title}
              </Anchor>
            ),
          },
          { key: 'kind', header: 'Kind', render: (s) => SESSION_KIND_LABELS[s.kind] },
          { key: 'when', header: 'When', sort: 'startsAt', render: (s) => when(s) },
          { key: 'owner', header: 'Offered by', render: (s) => s.ownerName },
          {
            key: 'seats',
            header: 'Seats',
            render: (s) =>
              s.cancelledAt ? (
                <Badge color="red.9">Cancelled</Badge>
              ) : s.ended ? (
                'Ended'
              ) : s.kind === 'live' ? (
                seatsText(s.seatsLeft)
              ) : (
                ''
              ),
          },
          {
            key: 'mine',
            header: 'Your place',
            render: (s) =>
              s.myRegistration && s.myRegistration !== 'cancelled' ? (
                <Badge color={s.myRegistration === 'registered' ? 'teal.9' : 'yellow.9'}>
                  {REGISTRATION_LABELS[s.myRegistration]}
                </Badge>
              ) : (
                ''
              ),
          },
        ]}
      />
      <FormModal opened={addingTopic} onClose={topicModal.close} title="Add a topic" size="lg">
        <TopicForm onDone={topicModal.close} />
      </FormModal>
      <FormModal opened={addingSession} onClose={sessionModal.close} title="Offer a session" size="lg">
        <SessionForm onDone={(id) => navigate(`/training/sessions/${id}`)} />
      </FormModal>
      <WhatYouOwe />
      <Group justify="space-between" align="flex-end">
        <Title order={3} size="h4">
          Your completions
        </Title>
        <Group gap="xs">
          <Button
            component="a"
            href="/api/training/transcript?format=pdf"
            download
            variant="default"
            size="sm"
          >
            Transcript (PDF)
          </Button>
          <Button
            component="a"
            href="/api/training/transcript?format=xlsx"
            download
            variant="default"
            size="sm"
          >
            Transcript (XLSX)
          </Button>
        </Group>
      </Group>
      <ListTable<CompletionView>
        caption="Your completions, recorded anywhere"
        url={completionKeys.all[0]}
        filters={{}}
        defaultSort="completedOn"
        defaultDir="desc"
        empty="No completions yet."
        columns={completionColumns}
      />
      <Title order={3} size="h4">
        Topics
      </Title>
      <ListTable<TopicView>
        caption="Topics in the catalog"
        url={topicKeys.all[0]}
        filters={{}}
        defaultSort="title"
        columns={[
          {
            key: 'title',
            header: 'Topic',
            sort: 'title',
            render: (t) => (
              <Anchor component={Link} to={`/training/topics/${t.id}`}>
                {t.title}
              </Anchor>
            ),
          },
          { key: 'code', header: 'Code', sort: 'code', render: (t) => t.code },
          { key: 'owner', header: 'Kept by', render: (t) => `${t.ownerName}${t.shared ? ' (shared)' : ''}` },
          {
            key: 'done',
            header: 'You',
            render: (t) => (t.completedByMe ? <Badge color="teal.9">Done</Badge> : ''),
          },
        ]}
      />
    </Stack>
  );
}

/** Completions as every list shows them: topic, date, how, issuer, and the certificate. */
export const completionColumns = [
  { key: 'topic', header: 'Topic', sort: 'topicTitle', render: (c: CompletionView) => c.topicTitle },
  {
    key: 'completedOn',
    header: 'Completed',
    sort: 'completedOn',
    render: (c: CompletionView) => c.completedOn,
  },
  { key: 'method', header: 'How', render: (c: CompletionView) => METHOD_LABELS[c.method] ?? c.method },
  { key: 'issuer', header: 'Recorded by', render: (c: CompletionView) => c.issuer },
  {
    key: 'evidence',
    header: 'Evidence',
    render: (c: CompletionView) => {
      const e = c.evidence as { note?: string; fileName?: string; fileId?: string };
      return (
        <Stack gap={2}>
          {e.note && <Text size="sm">{e.note}</Text>}
          {e.fileId && (
            <Anchor href={`/api/training/completions/${c.id}/evidence`} download size="sm">
              {e.fileName ?? 'Evidence file'}
            </Anchor>
          )}
          {c.corrections.length > 0 && (
            <Text size="sm" c="dimmed">
              Corrected {c.corrections.length === 1 ? 'once' : `${c.corrections.length} times`}:{' '}
              {c.corrections.at(-1)!.reason}
            </Text>
          )}
        </Stack>
      );
    },
  },
  {
    key: 'certificate',
    header: 'Certificate',
    render: (c: CompletionView) =>
      c.revokedAt ? (
        <Badge color="red.9">Revoked</Badge>
      ) : (
        <Anchor
          href={`/api/training/completions/${c.id}/certificate.pdf`}
          download
          aria-label={`Download the certificate for ${c.topicTitle} (PDF)`}
        >
          Download (PDF)
        </Anchor>
      ),
  },
];
