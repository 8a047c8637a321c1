import { notifications } from '@mantine/notifications';
import { useState } from 'react';
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

/**
 * A form's submit handler: runs `action`, and on failure keeps the field errors (by field name, with
 * `aliases` for nested paths such as "roles.0.role") and the message to show above the form.
 */
export function useSubmit(action: () => Promise<void>, aliases: Record<string, string> = {}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      await action();
      setErrors({});
      setFormError(null);
    } catch (err) {
      const found = fieldErrors(err);
      for (const [from, to] of Object.entries(aliases)) if (found[from]) found[to] = found[from];
      setErrors(found);
      // Field problems are shown beside their fields; the summary above the form says where to look.
      const fields = Object.keys(found).length;
      setFormError(
        fields > 0
          ? `Correct the field${fields > 1 ? 's' : ''} marked below.`
          : err instanceof Error
            ? err.message
            : String(err),
      );
    }
  }
  return { errors, formError, submit };
}
