import { Alert } from '@mantine/core';

/**
 * The reason a form was not saved, announced to screen readers (role=alert); focusable, so focus can land
 * here when no field is marked.
 */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" role="alert" title="Not saved" tabIndex={-1}>
      {message}
    </Alert>
  );
}
