import { PROGRAM_LABELS } from '@contract/compliance/compliance.labels.js';
import type { RequirementListItem } from '@contract/compliance/compliance.schemas.js';
import type { ReminderSettingsView } from '@contract/compliance/reminders.schemas.js';
import { roleLabel } from '@contract/roles.js';
import {
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  TagsInput,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { StackedTable } from '../../components/StackedTable.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { ORG_KIND_LABELS } from '../../labels.js';
import { useReminderSettings, useRequirements, useSaveReminderSettings } from '../../queries/compliance.js';
import { can, useSession } from '../../session.js';
import { FormModal, useUnsavedChanges } from '../../unsaved.js';
import { RequirementForm, type RequirementView } from './RequirementForm.js';
import { RequirementHistory } from './RequirementHistory.js';

const how = (q: RequirementView) =>
  q.recurrence === 'every_months'
    ? `every ${q.recurrenceMonths} months`
    : q.recurrence === 'program_year'
      ? 'each program year'
      : 'once';

/** Whether it applies today: switched off, in force, or not yet (a requirement set to start on a later day). */
const inForce = (q: RequirementListItem) =>
  !q.active ? 'No' : q.inForceNow ? 'Yes' : `Not yet: from ${q.inForceFrom}`;

/** The organisation's requirements, and its reminder and escalation settings. */
export function RequirementsPage() {
  const canManage = can(useSession(), 'compliance.manage');
  const [editing, setEditing] = useState<RequirementView | undefined>();
  const [viewing, setViewing] = useState<RequirementView | undefined>();
  const [open, modal] = useDisclosure();
  const requirements = useRequirements();
  const edit = (q?: RequirementView) => {
    setEditing(q);
    modal.open();
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Requirements</Title>
        {canManage && <Button onClick={() => edit()}>Add a requirement</Button>}
      </Group>
      <StackedTable>
        <Table.Caption>Who must complete what, by when</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Requirement</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>In force</Table.Th>
            <Table.Th>
              <VisuallyHidden>History</VisuallyHidden>
            </Table.Th>
            {canManage && (
              <Table.Th>
                <VisuallyHidden>Change</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(requirements.data ?? []).map((q) => (
            <Table.Tr key={q.id}>
              <Table.Td>
                {q.title} ({q.code}){q.program ? ` — ${q.program}` : ''}
              </Table.Td>
              <Table.Td>
                {q.what === 'qualification'
                  ? `A current ${q.qualificationNames.join(' or ')}`
                  : q.topics.map((t) => t.title).join(q.allTopics ? ' and ' : ' or ')}
              </Table.Td>
              <Table.Td>
                {q.scope === 'network' ? 'Network' : 'Own people'}:{' '}
                {q.roles.length ? q.roles.map((r) => roleLabel(r)).join(', ') : 'every role'}
                {q.organisationKinds.length
                  ? `; at ${q.organisationKinds.map((k) => ORG_KIND_LABELS[k] ?? k).join(', ')}`
                  : ''}
                {q.organisationIds.length ? `; ${q.organisationIds.length} named organisations` : ''}
                {q.programs.length ? `; in ${q.programs.map((p) => PROGRAM_LABELS[p]).join(', ')}` : ''}
              </Table.Td>
              <Table.Td>
                Within {q.dueWithinDays} days of{' '}
                {q.trigger === 'fixed_date'
                  ? q.fixedDate
                  : q.trigger === 'role_start'
                    ? 'hire'
                    : q.trigger === 'team_start'
                      ? 'joining a care team'
                      : 'hire or contract'}
                , then {how(q)}
                {q.graceDays ? `; ${q.graceDays} days’ grace` : ''}
              </Table.Td>
              <Table.Td>{inForce(q)}</Table.Td>
              <Table.Td>
                <Button variant="subtle" size="xs" onClick={() => setViewing(q)}>
                  History<VisuallyHidden> of {q.title}</VisuallyHidden>
                </Button>
              </Table.Td>
              {canManage && (
                <Table.Td>
                  <Button variant="subtle" size="xs" onClick={() => edit(q)}>
                    Change<VisuallyHidden> {q.title}</VisuallyHidden>
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </StackedTable>
      <FormModal
        opened={open}
        onClose={modal.close}
        title={editing ? `Change ${editing.title}` : 'Add a requirement'}
        size="xl"
      >
        <RequirementForm editing={editing} onDone={modal.close} />
      </FormModal>
      <Modal
        opened={viewing !== undefined}
        onClose={() => setViewing(undefined)}
        title={viewing ? `History of ${viewing.title} (${viewing.code})` : ''}
        size="xl"
      >
        {viewing && <RequirementHistory id={viewing.id} title={viewing.title} />}
      </Modal>
      <SettingsForm canManage={canManage} />
    </Stack>
  );
}

/** Reminders before and on the due date and repeated while late, escalation after it, then a flag. */
function SettingsForm({ canManage }: { canManage: boolean }) {
  const settings = useReminderSettings();
  const saving = useSaveReminderSettings();
  const [v, setV] = useState<ReminderSettingsView | null>(null);
  useEffect(() => {
    if (settings.data) setV(settings.data);
  }, [settings.data]);
  useUnsavedChanges(v !== null && JSON.stringify(v) !== JSON.stringify(settings.data));
  const { errors, formError, submit } = useSubmit(async () => {
    await saving.mutateAsync(v!);
    notifySaved('Settings saved');
  });
  if (!v) return null;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="settings-title">
      <Stack maw={560}>
        <Title order={3} size="h4" id="settings-title">
          When someone falls behind
        </Title>
        <Text size="sm">
          Messages go through the outbox each morning; each is sent once, and a missed morning catches up.
        </Text>
        <FormError message={formError} />
        <TagsInput
          label="Remind this many days before the due date"
          description="Type a number and press Enter"
          value={v.remindDaysBefore.map(String)}
          onChange={(days) =>
            setV({
              ...v,
              remindDaysBefore: days.map(Number).filter((n) => Number.isInteger(n) && n > 0),
            })
          }
          error={errors.remindDaysBefore}
          disabled={!canManage}
        />
        <Checkbox
          label="Remind on the due date"
          checked={v.remindOnDue}
          onChange={(e) => setV({ ...v, remindOnDue: e.currentTarget.checked })}
          disabled={!canManage}
        />
        <NumberInput
          label="Tell the person’s supervisor (or, with none, the compliance officers) this many days after the due date"
          min={0}
          max={365}
          value={v.escalateAfterDays}
          onChange={(n) => setV({ ...v, escalateAfterDays: Number(n) })}
          error={errors.escalateAfterDays}
          disabled={!canManage}
        />
        <NumberInput
          label="Flag the person this many days after the due date"
          min={0}
          max={730}
          value={v.flagAfterDays}
          onChange={(n) => setV({ ...v, flagAfterDays: Number(n) })}
          error={errors.flagAfterDays}
          disabled={!canManage}
        />
        <NumberInput
          label="While late, remind the person every this many days (0: only on the due date)"
          min={0}
          max={365}
          value={v.repeatOverdueDays}
          onChange={(n) => setV({ ...v, repeatOverdueDays: Number(n) })}
          error={errors.repeatOverdueDays}
          disabled={!canManage}
        />
        {canManage && (
          <Button type="submit" w="fit-content">
            Save the settings
          </Button>
        )}
      </Stack>
    </form>
  );
}
