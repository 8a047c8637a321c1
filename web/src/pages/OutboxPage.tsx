import { OUTBOX_STATUS_LABELS } from '@contract/outbox.labels.js';
import type { OutboxMessageView } from '@contract/outbox.schemas.js';
import { Alert, Button, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { ListTable } from '../components/ListTable.js';
import { formatDateTime } from '../format.js';
import { notifyError, notifySaved } from '../forms.js';
import { useRetryMessage } from '../queries/outbox.js';
import { can, useSession } from '../session.js';

const STATUSES = [
  { value: '', label: 'Any' },
  { value: 'sent', label: 'Sent' },
  { value: 'queued', label: 'Waiting to be sent' },
  { value: 'failed', label: 'Failed' },
];
const STATUS_WORDS = OUTBOX_STATUS_LABELS;

/** The organisation's e-mail: sent, waiting and failed, with a failed message sent again by hand. */
export function OutboxPage() {
  const session = useSession();
  const resend = useRetryMessage();
  const [status, setStatus] = useState('');
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 300);
  const reads = can(session, 'outbox.read');
  const retries = can(session, 'outbox.resend');
  if (!reads)
    return <Alert>Only an organisation’s administrators and compliance officers see its e-mail.</Alert>;

  function retry(m: OutboxMessageView) {
    resend.mutate(m.id, {
      onSuccess: () => notifySaved(`The message to ${m.to} is queued to be sent again.`),
      onError: notifyError,
    });
  }

  return (
    <Stack>
      <Title order={2}>E-mail</Title>
      <Group align="flex-end">
        <Select
          label="Status"
          data={STATUSES}
          value={status}
          allowDeselect={false}
          onChange={(v) => setStatus(v ?? '')}
          w={200}
        />
        <TextInput
          label="To or subject"
          placeholder="Part of an address or subject"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={260}
        />
      </Group>
      <ListTable<OutboxMessageView>
        caption="E-mail sent or waiting to be sent, newest first"
        url="/api/outbox"
        exportUrl="/api/outbox/export"
        filters={{ status: status || undefined, q: debouncedQ || undefined }}
        defaultDir="desc"
        empty="No e-mail."
        columns={[
          { key: 'created', header: 'Written', render: (m) => formatDateTime(m.createdAt) },
          { key: 'to', header: 'To', render: (m) => (m.toName ? `${m.toName} <${m.to}>` : m.to) },
          { key: 'subject', header: 'Subject', render: (m) => m.subject },
          {
            key: 'status',
            header: 'Status',
            render: (m) =>
              m.status === 'failed'
                ? `Failed after ${m.attempts} ${m.attempts === 1 ? 'try' : 'tries'}: ${m.error ?? ''}`
                : m.sentAt
                  ? `${STATUS_WORDS[m.status]} ${formatDateTime(m.sentAt)}`
                  : STATUS_WORDS[m.status],
          },
          {
            key: 'retry',
            header: 'Send again',
            render: (m) =>
              m.status === 'failed' && retries ? (
                <Button size="xs" variant="light" onClick={() => retry(m)}>
                  Send again to {m.to}
                </Button>
              ) : null,
          },
        ]}
      />
    </Stack>
  );
}
