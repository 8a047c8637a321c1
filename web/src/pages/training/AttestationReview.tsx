import { ATTESTATION_STATUS_LABELS } from '@contract/training/training.labels.js';
import { Button, Checkbox, Group, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDateTime } from '../../format.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import { useAttestations, useDecideAttestations } from '../../queries/training-sessions.js';
import { FormModal } from '../../unsaved.js';

type Decision = 'accept' | 'reject';

/**
 * A session's attestations, held ones first: tick one or several held ones, then accept or reject them
 * together with one reason, asked for in a dialog and kept in each record.
 */
export function AttestationReview({ sessionId }: { sessionId: string }) {
  const attestations = useAttestations(sessionId);
  const decisions = useDecideAttestations(sessionId);
  const [selected, setSelected] = useState<string[]>([]);
  const [deciding, setDeciding] = useState<{ decision: Decision; ids: string[] } | null>(null);
  const [reason, setReason] = useState('');
  const held = (attestations.data ?? []).filter((a) => a.status === 'held');
  const nameOf = (id: string) => attestations.data?.find((a) => a.id === id)?.name ?? '';

  function open(decision: Decision, ids: string[]) {
    setReason('');
    setDeciding({ decision, ids });
  }

  const {
    errors,
    formError,
    submit: decide,
  } = useSubmit(async () => {
    if (!deciding) return;
    if (!reason.trim()) refuse('reason', 'Say why: the reason is kept with each attestation');
    const r = await decisions.mutateAsync({
      attestationIds: deciding.ids,
      decision: deciding.decision,
      reason,
    });
    const done = `${r.decided.length} ${deciding.decision === 'accept' ? 'accepted: the topic is completed for each' : 'rejected'}.`;
    notifySaved(
      r.notHeld.length
        ? `${done} ${r.notHeld.length} no longer waiting for review, left as they were.`
        : done,
    );
    setDeciding(null);
    setSelected([]);
  });

  if (!attestations.data?.length) return <Text>No attestations yet.</Text>;
  const allHeld = held.length > 0 && held.every((a) => selected.includes(a.id));
  return (
    <Stack>
      {held.length > 0 && (
        <Group>
          <Button disabled={selected.length === 0} onClick={() => open('accept', selected)}>
            Accept selected ({selected.length})
          </Button>
          <Button variant="default" disabled={selected.length === 0} onClick={() => open('reject', selected)}>
            Reject selected ({selected.length})
          </Button>
        </Group>
      )}
      <StackedTable>
        <Table.Caption>Attestations, those waiting for review first</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              {held.length > 0 && (
                <Checkbox
                  aria-label="Select every held attestation"
                  checked={allHeld}
                  indeterminate={selected.length > 0 && !allHeld}
                  onChange={() => setSelected(allHeld ? [] : held.map((a) => a.id))}
                />
              )}
            </Table.Th>
            <Table.Th>Person</Table.Th>
            <Table.Th>Attested</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th>Review</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {attestations.data.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                {a.status === 'held' && (
                  <Checkbox
                    aria-label={`Select ${a.name}`}
                    checked={selected.includes(a.id)}
                    onChange={(e) =>
                      setSelected(
                        e.currentTarget.checked ? [...selected, a.id] : selected.filter((id) => id !== a.id),
                      )
                    }
                  />
                )}
              </Table.Td>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>{formatDateTime(a.attestedAt)}</Table.Td>
              <Table.Td>{ATTESTATION_STATUS_LABELS[a.status] ?? a.status}</Table.Td>
              <Table.Td>{a.reason}</Table.Td>
              <Table.Td>
                {a.status === 'held' && (
                  <Group gap="xs">
                    <Button size="xs" onClick={() => open('accept', [a.id])} aria-label={`Accept ${a.name}`}>
                      Accept
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => open('reject', [a.id])}
                      aria-label={`Reject ${a.name}`}
                    >
                      Reject
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </StackedTable>
      <FormModal
        opened={deciding !== null}
        onClose={() => setDeciding(null)}
        dirty={reason.trim() !== ''}
        title={
          deciding?.ids.length === 1
            ? `${deciding.decision === 'accept' ? 'Accept' : 'Reject'} ${nameOf(deciding.ids[0]!)}’s attestation`
            : `${deciding?.decision === 'accept' ? 'Accept' : 'Reject'} ${deciding?.ids.length} attestations`
        }
      >
        <form onSubmit={decide} noValidate>
          <Stack>
            <FormError message={formError} />
            <Textarea
              label="Reason"
              description="Kept in the record of each attestation."
              required
              autosize
              minRows={3}
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeciding(null)}>
                Cancel
              </Button>
              <Button type="submit">{deciding?.decision === 'accept' ? 'Accept' : 'Reject'}</Button>
            </Group>
          </Stack>
        </form>
      </FormModal>
    </Stack>
  );
}
