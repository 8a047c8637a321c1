import { SPOC_ROLES } from '@contract/care/care.labels.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { confirmAction } from '../../confirm.js';
import { formatDate } from '../../format.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import { useTransferCaseload } from '../../queries/care.js';
import { useFormGuard } from '../../unsaved.js';
import { MemberFields } from './CareTeamForms.js';
import type { Choice } from './PersonChoice.js';

/**
 * Moves a coordinator’s whole caseload, or the enrollees chosen on their queue, to another coordinator from a
 * day: anyone the server would take as single point of contact (the part's role on that day, at the plan or in
 * its network), found by name. The old single point of contact ends the day before. Asks before sending; the
 * server's refusal shows on the field it names.
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
  const transfer = useTransferCaseload();
  const [v, setV] = useState({
    who: null as Choice | null,
    role: 'care_coordinator',
    startsOn: massachusettsToday(),
  });
  const saved = useFormGuard(v);
  const some = enrolleeIds && enrolleeIds.length > 0;
  const count = some ? enrolleeIds.length : caseload;
  const what = some
    ? `${enrolleeIds.length} chosen enrollee${enrolleeIds.length === 1 ? '' : 's'}`
    : `the whole caseload${caseload === undefined ? '' : ` (${caseload} enrollee${caseload === 1 ? '' : 's'})`}`;
  const { errors, formError, submit } = useSubmit(
    async () => {
      if (!v.who) refuse('toPersonId', 'Choose who takes the enrollees over');
      if (v.who.personId === fromPersonId) refuse('toPersonId', `Choose someone other than ${fromName}`);
      if (!v.startsOn) refuse('startsOn', 'Choose the first day of the new single point of contact');
      const to = v.who.label ?? 'the person chosen';
      const ok = await confirmAction({
        title: 'Move the caseload?',
        message: `${what[0]?.toUpperCase()}${what.slice(1)} of ${fromName} will move to ${to} from ${formatDate(v.startsOn)}. ${fromName}’s part ends on the day before and stays in each enrollee’s history.`,
        confirmLabel: 'Move',
        cancelLabel: 'Keep as is',
      });
      if (!ok) return;
      const result = await transfer.mutateAsync({
        fromPersonId,
        toPersonId: v.who.personId,
        role: v.role,
        memberOrgId: v.who.memberOrgId,
        startsOn: v.startsOn,
        ...(some ? { enrolleeIds } : {}),
      });
      notifySaved(`${result.moved} enrollee${result.moved === 1 ? '' : 's'} moved to ${to}`);
      saved();
      onDone();
    },
    { personId: 'toPersonId', enrolleeIds: 'toPersonId', memberOrgId: 'toPersonId' },
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Move enrollees">
      <Stack>
        <FormError message={formError} />
        <Text>
          Moving {what} of <strong>{fromName}</strong>.{count === 0 ? ' There is no enrollee to move.' : ''}
        </Text>
        <MemberFields
          labels={{ person: 'To', role: 'As' }}
          roles={SPOC_ROLES}
          team={[]}
          offerSelf={false}
          v={v}
          onChange={(change) => setV({ ...v, ...change })}
          errors={{ ...errors, personId: errors.toPersonId ?? errors.memberOrgId }}
        />
        <Button type="submit" loading={transfer.isPending} disabled={count === 0}>
          Move {some ? 'chosen enrollees' : 'caseload'}
        </Button>
      </Stack>
    </form>
  );
}
