import { CARE_TEAM_ROLE_LABELS, SPOC_ROLES } from '@contract/care/care.labels.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { Button, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { confirmAction } from '../../confirm.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import { useTeam, useTransferCaseload } from '../../queries/care.js';
import { useSession } from '../../session.js';
import { useFormGuard } from '../../unsaved.js';

/**
 * Moves a coordinator's whole caseload, or the enrollees chosen on their queue, to another coordinator of the
 * team from a day: the old single point of contact ends the day before. Asks before sending; the server's
 * refusal shows on the field it names.
 */
export function TransferForm({
  fromPersonId,
  fromName,
  caseload,
  enrolleeIds,
  onDone,
}: {
  fromPersonId: string;
  fromName: string;
  /** The caseload size, when the whole of it moves. */
  caseload?: number;
  /** The enrollees chosen; the whole caseload when left out. */
  enrolleeIds?: string[];
  onDone: () => void;
}) {
  const session = useSession();
  const team = useTeam();
  const transfer = useTransferCaseload();
  const [v, setV] = useState({
    toPersonId: null as string | null,
    role: 'care_coordinator',
    startsOn: massachusettsToday(),
  });
  const saved = useFormGuard(v);
  const some = enrolleeIds && enrolleeIds.length > 0;
  const count = some ? enrolleeIds.length : caseload;
  const what = some
    ? `${enrolleeIds.length} chosen enrollee${enrolleeIds.length === 1 ? '' : 's'}`
    : `the whole caseload${caseload === undefined ? '' : ` (${caseload} enrollee${caseload === 1 ? '' : 's'})`}`;
  const choices = (team.data?.items ?? [])
    .filter((m) => m.coordinatorId !== fromPersonId)
    .map((m) => ({ value: m.coordinatorId, label: `${m.name} (caseload ${m.caseload})` }));
  const { errors, formError, submit } = useSubmit(
    async () => {
      if (!v.toPersonId) refuse('toPersonId', 'Choose who takes the enrollees over');
      if (!v.startsOn) refuse('startsOn', 'Choose the first day of the new single point of contact');
      const to = choices.find((c) => c.value === v.toPersonId)?.label.replace(/ \(caseload \d+\)$/, '');
      const ok = await confirmAction({
        title: 'Move the caseload?',
        message: `${what[0]?.toUpperCase()}${what.slice(1)} of ${fromName} will move to ${to} from ${v.startsOn}. ${fromName}’s part ends on the day before and stays in each enrollee’s history.`,
        confirmLabel: 'Move',
        cancelLabel: 'Keep as is',
      });
      if (!ok) return;
      const result = await transfer.mutateAsync({
        fromPersonId,
        toPersonId: v.toPersonId,
        role: v.role,
        memberOrgId: session.orgId,
        startsOn: v.startsOn,
        ...(some ? { enrolleeIds } : {}),
      });
      notifySaved(`${result.moved} enrollee${result.moved === 1 ? '' : 's'} moved to ${to}`);
      saved();
      onDone();
    },
    { personId: 'toPersonId', enrolleeIds: 'toPersonId' },
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Move enrollees">
      <Stack>
        <FormError message={formError} />
        <Text>
          Moving {what} of <strong>{fromName}</strong>.{count === 0 ? ' There is no enrollee to move.' : ''}
        </Text>
        <Select
          label="To"
          name="toPersonId"
          placeholder="Choose a coordinator"
          required
          searchable
          data={choices}
          value={v.toPersonId}
          onChange={(toPersonId) => setV({ ...v, toPersonId })}
          error={errors.toPersonId}
        />
        <Select
          label="As"
          name="role"
          required
          data={SPOC_ROLES.map((r) => ({ value: r, label: CARE_TEAM_ROLE_LABELS[r] }))}
          value={v.role}
          onChange={(r) => setV({ ...v, role: r ?? 'care_coordinator' })}
          allowDeselect={false}
          error={errors.role}
        />
        <TextInput
          label="From"
          name="startsOn"
          type="date"
          required
          description="The first day of the new single point of contact"
          value={v.startsOn}
          onChange={(e) => setV({ ...v, startsOn: e.currentTarget.value })}
          error={errors.startsOn}
        />
        <Button type="submit" loading={transfer.isPending} disabled={count === 0}>
          Move {some ? 'chosen enrollees' : 'caseload'}
        </Button>
      </Stack>
    </form>
  );
}
