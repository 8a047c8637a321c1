import { Card, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One part of a home page: a heading that says what it answers, and its content. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}
