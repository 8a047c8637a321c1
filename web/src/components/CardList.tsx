import { Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/** A list read as a list (its items `li`), laid out as cards one under another, named for screen readers. */
export function CardList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {children}
    </Stack>
  );
}
