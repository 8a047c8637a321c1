import { notifications } from '@mantine/notifications';
import { ApiError } from './api.js';

/** Field errors from an API validation error, keyed by field name ("body.email" → "email"). */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const issue of err.issues) {
    if (issue.path) out[issue.path.replace(/^body\./, '')] = issue.message;
  }
  return out;
}

export function notifyError(err: unknown) {
  notifications.show({
    color: 'red',
    title: 'Not saved',
    message: err instanceof Error ? err.message : String(err),
  });
}

export function notifySaved(message: string) {
  notifications.show({ color: 'green', message });
}
