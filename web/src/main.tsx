import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './a11y.css';
import './responsive.css';
import { createTheme, MantineProvider, Modal, Notification } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { App } from './App.js';
import { ConfirmHost } from './confirm.js';
import { LeaveGuard } from './unsaved.js';

// Darker defaults than Mantine's so secondary text keeps a 4.5:1 contrast (WCAG 2.1 AA).
const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  focusRing: 'always',
  // Those who ask their system for less motion get no sliding or fading.
  respectReducedMotion: true,
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close the message' } },
    }),
  },
});

// After a new release a page opened earlier asks for scripts that are gone (each release names its own):
// load the new release instead — at most once a minute, so that a broken release cannot reload forever.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('concord-reloaded-at') ?? 0);
  if (Date.now() - last < 60_000) return;
  event.preventDefault();
  sessionStorage.setItem('concord-reloaded-at', String(Date.now()));
  window.location.reload();
});

// A data router, so a page with unsaved changes can hold a navigation (useBlocker); App keeps its own
// <Routes> beneath the one route that matches every address.
const router = createBrowserRouter([
  {
    path: '*',
    element: (
      <>
        <App />
        <LeaveGuard />
      </>
    ),
  },
]);

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 10_000 } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <ConfirmHost />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
