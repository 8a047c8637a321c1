import { Alert, Anchor, Box, Card, Stack, Text, Title } from '@mantine/core';
import { usePublicEvents } from '../queries/events.js';
import { seatsText, when } from './training/format.js';

/** The public events page: announced live trainings that have not ended. No sign-in. */
export function EventsPage() {
  const query = usePublicEvents();
  return (
    <Box component="main" id="main" p="xl" maw={860} mx="auto">
      <Stack>
        <Title order={1} size="h2">
          Upcoming live trainings
        </Title>
        <Text>Live webinars for care coordinators and providers. Registering needs a Concord sign-in.</Text>
        {query.error && <Alert color="red">{query.error.message}</Alert>}
        {query.data?.items.length === 0 && <Text>No live trainings are announced at the moment.</Text>}
        {query.data?.items.map((e) => (
          <Card key={e.id} withBorder component="article" aria-labelledby={`event-${e.id}`}>
            <Title order={2} size="h4" id={`event-${e.id}`}>
              {e.title}
            </Title>
            <Text>{when({ ...e, durationMinutes: null })}</Text>
            <Text>
              {e.topicTitle} · offered by {e.ownerName}
              {e.speaker ? ` · speaker: ${e.speaker}` : ''}
            </Text>
            {e.cancelled ? (
              <Text fw={700} c="red.9">
                Cancelled
              </Text>
            ) : (
              <>
                <Text>{seatsText(e.seatsLeft)}</Text>
                <Anchor href={e.registerUrl}>Register for {e.title}</Anchor>
              </>
            )}
          </Card>
        ))}
      </Stack>
    </Box>
  );
}
