import { isLibraryText } from '@contract/text/library-words.js';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from './api.js';

/** Said in place of a field's message that is not in plain words (the server never sends one; this is a net). */
export const PLAIN_FIELD_FALLBACK = 'Check this field and correct it';
/** Said in place of a summary that is not in plain words. */
export const PLAIN_FORM_FALLBACK = 'Some fields are not valid. Correct them and try again.';

/** The message if it is in plain words, else the fallback: no schema-library text reaches a person. */
export function plainText(message: string | null | undefined, fallback: string): string {
  return message && !isLibraryText(message) ? message : fallback;
}

/** Field errors from an API validation error, keyed by field name ("body.email" → "email"). */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const issue of err.issues) {
    if (issue.path) out[issue.path.replace(/^body\./, '')] = plainText(issue.message, PLAIN_FIELD_FALLBACK);
  }
  return out;
}

/** What a failure says to a person: the API's message, or a plain one in its place. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return plainText(err.message, PLAIN_FORM_FALLBACK);
  if (err instanceof TypeError) return 'Concord could not be reached. Check the connection and try again.';
  return plainText(err instanceof Error ? err.message : String(err), 'Something went wrong. Try again.');
}

export function notifyError(err: unknown) {
  notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err) });
}

export function notifySaved(message: string) {
  notifications.show({ color: 'green', message });
}

/**
 * A check made in the browser before sending, refused the way the server refuses: thrown inside a
 * `useSubmit` action, its message shows on the field named by `path` and focus moves there.
 */
export function refuse(path: string, message: string): never {
  throw new ApiError(400, 'VALIDATION_FAILED', message, [{ code: 'custom', path: `body.${path}`, message }]);
}

/** The summary above a form: where to look when fields are marked, else what went wrong. */
export function formErrorOf(err: unknown, fields: number): string {
  return fields > 0 ? `Correct the field${fields > 1 ? 's' : ''} marked below.` : errorMessage(err);
}

/**
 * Where focus goes after a failed submit: the first field marked invalid, else the field the first issue
 * names, else the summary.
 */
export function firstInvalid(form: HTMLFormElement, names: string[]): HTMLElement | null {
  const marked = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (marked) return marked;
  for (const name of names) {
    const named = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
    if (named) return named;
  }
  return form.querySelector<HTMLElement>('[role="alert"]');
}

/**
 * A form's submit handler: runs `action`, and on failure keeps the field errors (by field name, with
 * `aliases` for nested paths such as "roles.0.role") and the summary to show above the form (FormError,
 * announced as an alert), then moves focus to the first field in error, so every form says what is wrong
 * where it is and a screen reader hears it.
 */
export function useSubmit(action: () => Promise<void>, aliases: Record<string, string> = {}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [failures, setFailures] = useState(0);
  const formRef = useRef<HTMLFormElement | null>(null);
  const names = useRef<string[]>([]);
  useEffect(() => {
    if (failures === 0 || !formRef.current) return;
    firstInvalid(formRef.current, names.current)?.focus();
  }, [failures]);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    // Kept now: React clears currentTarget once the handler returns, before the action ends.
    formRef.current = e.currentTarget instanceof HTMLFormElement ? e.currentTarget : null;
    // Cleared first, so the same summary after a second failed attempt is announced again.
    setFormError(null);
    try {
      await action();
      setErrors({});
    } catch (err) {
      const found = fieldErrors(err);
      for (const [from, to] of Object.entries(aliases)) if (found[from]) found[to] = found[from];
      names.current = Object.keys(found);
      setErrors(found);
      setFormError(formErrorOf(err, Object.keys(found).length));
      setFailures((n) => n + 1);
    }
  }
  return { errors, formError, submit };
}
