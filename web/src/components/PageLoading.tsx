import { Center, Loader, VisuallyHidden } from '@mantine/core';

/** What shows while a page's code or the session is on its way: a spinner, and words for screen readers. */
export function PageLoading({ fullScreen = false }: { fullScreen?: boolean }) {
  return (
    <Center h={fullScreen ? '100vh' : undefined} py={fullScreen ? undefined : 'xl'} role="status">
      <Loader aria-hidden="true" />
      <VisuallyHidden>Loading…</VisuallyHidden>
    </Center>
  );
}
