import { Alert } from '@mantine/core';

/** The reason a form was not saved, announced to screen readers. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" role="alert" title="Not saved">
      {message}
    </Alert>
  );
}
