// An e-mail's state in the outbox, in words: shared by the outbox export and the web app.

export const OUTBOX_STATUS_LABELS = { queued: 'Waiting', sent: 'Sent', failed: 'Failed' } as const;
