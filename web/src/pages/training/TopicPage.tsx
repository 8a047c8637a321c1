import { Alert, Anchor, Badge, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useParams } from 'react-router-dom';
import { ListTable } from '../../components/ListTable.js';
import { useTopic } from '../../queries/training-catalog.js';
import { sessionKeys } from '../../queries/training-sessions.js';
import { FormModal } from '../../unsaved.js';
import { SESSION_KIND_LABELS, type SessionView, when } from './format.js';
import { TopicForm } from './TopicForm.js';

/** A topic: what it builds and aims at, where it is offered next, the modules that include it. */
export function TopicPage() {
  const { id } = useParams();
  const [editing, editModal] = useDisclosure();
  const query = useTopic(id ?? '');
  const t = query.data;
  if (query.error) return <Alert color="red">{query.error.message}</Alert>;
  if (!t) return <Text>Loading…</Text>;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t.title}</Title>
        {t.mayEdit && <Button onClick={editModal.open}>Edit the topic</Button>}
      </Group>
      <Group gap="xs">
        <Badge variant="outline" color="indigo.9">
          {t.code}
        </Badge>
        <Badge variant="outline" color={t.shared ? 'teal.9' : 'gray.8'}>
          {t.shared ? 'Shared: recognised by every plan' : `${t.ownerName}’s own`}
        </Badge>
        {t.completedByMe && <Badge color="teal.9">You have completed it</Badge>}
      </Group>
      <Text>Kept by {t.ownerName}.</Text>
      {t.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{t.description}</Text>}
      <Title order={3} size="h4">
        Competencies it builds
      </Title>
      {t.competencies.length ? (
        <List>
          {t.competencies.map((c) => (
            <List.Item key={c.code}>
              {c.code}. {c.text}
            </List.Item>
          ))}
        </List>
      ) : (
        <Text>None named.</Text>
      )}
      <Title order={3} size="h4">
        Objectives
      </Title>
      {t.objectives.length ? (
        <List>
          {t.objectives.map((o) => (
            <List.Item key={o}>{o}</List.Item>
          ))}
        </List>
      ) : (
        <Text>None written.</Text>
      )}
      <Title order={3} size="h4">
        Upcoming and on demand
      </Title>
      <ListTable<SessionView>
        caption={`Sessions of ${t.title} open to you, upcoming or on demand`}
        url={sessionKeys.all[0]}
        filters={{ topicId: t.id, upcoming: 'true' }}
        defaultSort="startsAt"
        empty="No sessions of this topic are coming up."
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
          { key: 'speaker', header: 'Speaker', render: (s) => s.speaker ?? '' },
          { key: 'owner', header: 'Offered by', render: (s) => s.ownerName },
        ]}
      />
      <Title order={3} size="h4">
        Modules that include it
      </Title>
      {t.modules.length ? (
        <List>
          {t.modules.map((m) => (
            <List.Item key={m.id}>
              {m.curriculum ? `${m.curriculum}, module ${m.position}: ` : ''}
              {m.title}
            </List.Item>
          ))}
        </List>
      ) : (
        <Text>No module includes it yet.</Text>
      )}
      <Anchor component={Link} to="/training">
        Back to training
      </Anchor>
      <FormModal opened={editing} onClose={editModal.close} title="Edit the topic" size="lg">
        <TopicForm topic={t} onDone={editModal.close} />
      </FormModal>
    </Stack>
  );
}
