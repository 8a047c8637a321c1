import { Stack, Text, Title } from '@mantine/core';

export function ComingSoonPage({ title }: { title: string }) {
  return (
    <Stack>
      <Title order={2}>{title}</Title>
      <Text>
        This part of Concord is being built. Organisations, people, imports and the audit log are ready now.
      </Text>
    </Stack>
  );
}
