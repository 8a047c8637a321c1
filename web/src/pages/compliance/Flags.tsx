import type { FlagView as Flag } from '@contract/compliance/reminders.schemas.js';
import { Anchor, Button, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { FormError } from '../../components/FormError.js';
import { ListTable } from '../../components/ListTable.js';
import { formatDate } from '../../format.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { useClearFlag } from '../../queries/compliance.js';
import { can, useSession } from '../../session.js';
import { FormModal } from '../../unsaved.js';

const STATES = [
  { value: 'open', label: 'Open' },
  { value: 'cleared', label: 'Cleared' },
  { value: 'all', label: 'All' },
];

/**
 * The people flagged under the organisation's non-compliance policy (decision 029): open ones by default,
 * cleared by a compliance officer or administrator with a reason.
 */
export function Flags() {
  const session = useSession();
  const clearFlag = useClearFlag();
  const [params, setParams] = useSearchParams();
  const state = params.get('flagged') ?? 'open';
  const [clearing, setClearing] = useState<Flag | null>(null);
  const [reason, setReason] = useState('');
  const mayClear = can(session, 'compliance.flag.clear');

  const {
    errors,
    formError,
    submit: clear,
  } = useSubmit(async () => {
    if (!clearing) return;
    await clearFlag.mutateAsync({ id: clearing.id, reason });
    notifySaved(`The flag on ${clearing.name} is cleared.`);
    setClearing(null);
    setReason('');
  });

  return (
    <Stack>
      <Title order={3} size="h4">
        Flags
      </Title>
      <Group align="flex-end">
        <Select
          label="Flags to show"
          data={STATES}
          value={state}
          allowDeselect={false}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            next.set('flagged', v ?? 'open');
            setParams(next, { replace: true });
          }}
          w={160}
        />
      </Group>
      <ListTable<Flag>
        caption="People flagged under the non-compliance policy, newest first"
        url="/api/compliance/flags"
        filters={{ state }}
        empty="No one is flagged."
        columns={[
          {
            key: 'name',
            header: 'Person',
            render: (f) => (
              <Anchor component={Link} to={`/compliance/people/${f.personId}`}>
                {f.name}
              </Anchor>
            ),
          },
          {
            key: 'requirement',
            header: 'Requirement',
            render: (f) => `${f.requirementCode} — ${f.requirementTitle}`,
          },
          { key: 'due', header: 'Due', render: (f) => f.dueOn },
          { key: 'flagged', header: 'Flagged', render: (f) => f.flaggedOn },
          {
            key: 'state',
            header: 'Cleared',
            render: (f) =>
              f.clearedAt ? (
                <Text size="sm">
                  {formatDate(f.clearedAt)} by {f.clearedByName}: {f.clearReason}
                </Text>
              ) : mayClear ? (
                <Button size="xs" variant="light" onClick={() => setClearing(f)}>
                  Clear the flag on {f.name}
                </Button>
              ) : (
                'Open'
              ),
          },
        ]}
      />
      <FormModal
        opened={clearing !== null}
        onClose={() => setClearing(null)}
        dirty={reason.trim() !== ''}
        title={`Clear the flag on ${clearing?.name ?? ''}`}
      >
        <form onSubmit={clear} noValidate>
          <Stack>
            <FormError message={formError} />
            <Text size="sm">
              {clearing?.requirementTitle}, due {clearing?.dueOn}. Your name and the time are kept with the
              reason.
            </Text>
            <Textarea
              label="Why it is cleared"
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              maxLength={500}
              error={errors.reason}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setClearing(null)}>
                Cancel
              </Button>
              <Button type="submit">Clear the flag</Button>
            </Group>
          </Stack>
        </form>
      </FormModal>
    </Stack>
  );
}
