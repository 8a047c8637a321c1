import { PROGRAM_LABELS } from '@contract/compliance/compliance.labels.js';
import type { RequirementView } from '@contract/compliance/compliance.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { ROLE_LABELS } from '@contract/roles.js';
import {
  Button,
  Checkbox,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { ORG_KIND_LABELS, options } from '../../labels.js';
import { useSaveRequirement } from '../../queries/compliance.js';
import { useSession } from '../../session.js';
import { useFormGuard } from '../../unsaved.js';
import { useModules, useTopicOptions } from '../training/catalog-options.js';
import { blank, fromView, MONTHS, number, useNetworkOptions } from './requirement-form-state.js';

export type { RequirementView };

/**
 * Defines a requirement — what, who, from when and how often — or changes one (`editing`). Everyone it
 * reaches is recomputed after saving.
 */
export function RequirementForm({ editing, onDone }: { editing?: RequirementView; onDone: () => void }) {
  const saving = useSaveRequirement(editing);
  const topics = useTopicOptions();
  const modules = useModules();
  const network = useNetworkOptions(useSession().orgId);
  const [v, setV] = useState(editing ? fromView(editing) : blank);
  const set = (patch: Partial<typeof blank>) => setV({ ...v, ...patch });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    const body = {
      code: v.code,
      title: v.title,
      description: v.description || undefined,
      what: v.what,
      topicIds: v.what === 'topics' ? v.topicIds : [],
      allTopics: v.allTopics,
      qualificationNames: v.what === 'qualification' ? v.qualificationNames : [],
      scope: v.scope,
      roles: v.roles,
      personIds: editing?.personIds ?? [],
      organisationKinds: v.organisationKinds,
      organisationIds: v.organisationIds,
      programs: v.programs,
      program: v.program || undefined,
      trigger: v.trigger,
      fixedDate: v.trigger === 'fixed_date' ? v.fixedDate || undefined : undefined,
      dueWithinDays: number(v.dueWithinDays),
      recurrence: v.recurrence,
      recurrenceMonths: v.recurrence === 'every_months' ? number(v.recurrenceMonths) : undefined,
      programYearStartMonth: v.recurrence === 'program_year' ? Number(v.programYearStartMonth) : undefined,
      graceDays: number(v.graceDays),
      dueSoonDays: number(v.dueSoonDays),
      active: v.active,
      inForceFrom: editing ? undefined : v.inForceFrom || undefined,
    };
    await saving.mutateAsync(body);
    notifySaved(editing ? 'Requirement changed' : 'Requirement added');
    saved();
    onDone();
  });
  // A list's problem may be about one of its items ("organisationIds.1"): shown on the list's field.
  const listError = (name: string) =>
    errors[name] ?? Object.entries(errors).find(([k]) => k.startsWith(`${name}.`))?.[1];
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Code"
            description="Letters, digits, dots, dashes and underscores"
            required
            value={v.code}
            onChange={(e) => set({ code: e.currentTarget.value })}
            error={errors.code}
          />
          <TextInput
            label="Title"
            required
            value={v.title}
            onChange={(e) => set({ title: e.currentTarget.value })}
            error={errors.title}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={v.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          error={errors.description}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="what-label">
            What must be done
          </Text>
          <SegmentedControl
            aria-labelledby="what-label"
            value={v.what}
            onChange={(what) => set({ what: what as typeof v.what })}
            data={[
              { value: 'topics', label: 'Training topics' },
              { value: 'qualification', label: 'A current qualification' },
            ]}
          />
        </Stack>
        {v.what === 'topics' ? (
          <>
            <Select
              label="A whole module"
              description="Fills in the module’s topics, every one of them needed"
              placeholder="Choose topics one by one below instead"
              clearable
              data={(modules ?? []).map((m) => ({ value: m.id, label: m.title }))}
              value={null}
              onChange={(id) => {
                const m = modules?.find((x) => x.id === id);
                // Only the module's topics this organisation may require (its own and shared ones).
                const usable = m?.topics.filter((t) => topics.some((o) => o.value === t.id));
                if (usable) set({ topicIds: usable.map((t) => t.id), allTopics: true });
              }}
            />
            <MultiSelect
              label="Topics"
              required
              searchable
              data={topics}
              value={v.topicIds}
              onChange={(topicIds) => set({ topicIds })}
              error={listError('topicIds')}
            />
            <Checkbox
              label="Every topic is needed (otherwise any one of them will do)"
              checked={v.allTopics}
              onChange={(e) => set({ allTopics: e.currentTarget.checked })}
            />
          </>
        ) : (
          <TagsInput
            label="Qualifications"
            description="Any one of them will do. Each is matched by name, ignoring case: “CCM” matches “CCM certification”. Press Enter after each."
            required
            value={v.qualificationNames}
            onChange={(qualificationNames) => set({ qualificationNames })}
            error={listError('qualificationNames')}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Who"
            data={[
              { value: 'network', label: 'Our people and every provider we contract with' },
              { value: 'organisation', label: 'Our own people only' },
            ]}
            value={v.scope}
            onChange={(scope) => scope && set({ scope: scope as typeof v.scope })}
            allowDeselect={false}
          />
          <MultiSelect
            label="Roles"
            description="None chosen: every role"
            data={options(ROLE_LABELS)}
            value={v.roles}
            onChange={(roles) => set({ roles })}
            error={errors.roles}
          />
          <MultiSelect
            label="Kinds of organisation"
            description="Only people at these kinds of organisation; none chosen: every kind"
            data={options(ORG_KIND_LABELS)}
            value={v.organisationKinds}
            onChange={(organisationKinds) => set({ organisationKinds })}
            error={listError('organisationKinds')}
          />
          <MultiSelect
            label="Organisations"
            description="Only people at these organisations; none chosen: all of them"
            searchable
            data={network}
            value={v.organisationIds}
            onChange={(organisationIds) => set({ organisationIds })}
            error={listError('organisationIds')}
          />
          <MultiSelect
            label="Only in programs"
            description="Only people at organisations taking part in these programs; none chosen: any program"
            data={options(PROGRAM_LABELS)}
            value={v.programs}
            onChange={(programs) => set({ programs })}
            error={listError('programs')}
          />
          <TextInput
            label="Program"
            description="For the dashboard, e.g. One Care"
            value={v.program}
            onChange={(e) => set({ program: e.currentTarget.value })}
            error={errors.program}
          />
          <Select
            label="Due from"
            data={[
              { value: 'contract_start', label: 'Hire or network contract start, whichever is later' },
              { value: 'role_start', label: 'Hire (the role’s start)' },
              { value: 'team_start', label: 'Joining a care team (the start of the role with a team)' },
              { value: 'fixed_date', label: 'A fixed date' },
            ]}
            value={v.trigger}
            onChange={(trigger) => trigger && set({ trigger: trigger as typeof v.trigger })}
            allowDeselect={false}
          />
          {v.trigger === 'fixed_date' && (
            <TextInput
              label="Fixed date"
              type="date"
              required
              value={v.fixedDate}
              onChange={(e) => set({ fixedDate: e.currentTarget.value })}
              error={errors.fixedDate}
            />
          )}
          <NumberInput
            label="Due within (days)"
            min={0}
            max={3650}
            value={v.dueWithinDays}
            onChange={(dueWithinDays) => set({ dueWithinDays })}
            error={errors.dueWithinDays}
          />
          <Select
            label="How often"
            data={[
              { value: 'every_months', label: 'Every N months' },
              { value: 'program_year', label: 'Once each program year' },
              { value: 'once', label: 'Once' },
            ]}
            value={v.recurrence}
            onChange={(recurrence) => recurrence && set({ recurrence: recurrence as typeof v.recurrence })}
            allowDeselect={false}
          />
          {v.recurrence === 'every_months' && (
            <NumberInput
              label="Every how many months"
              min={1}
              max={120}
              value={v.recurrenceMonths}
              onChange={(recurrenceMonths) => set({ recurrenceMonths })}
              error={errors.recurrenceMonths}
            />
          )}
          {v.recurrence === 'program_year' && (
            <Select
              label="Program year starts in"
              data={MONTHS}
              value={v.programYearStartMonth}
              onChange={(m) => m && set({ programYearStartMonth: m })}
              allowDeselect={false}
              error={errors.programYearStartMonth}
            />
          )}
          <NumberInput
            label="Grace period (days)"
            description="After the due date, before it counts as overdue"
            min={0}
            max={365}
            value={v.graceDays}
            onChange={(graceDays) => set({ graceDays })}
            error={errors.graceDays}
          />
          <NumberInput
            label="Due soon (days before)"
            min={0}
            max={365}
            value={v.dueSoonDays}
            onChange={(dueSoonDays) => set({ dueSoonDays })}
            error={errors.dueSoonDays}
          />
        </SimpleGrid>
        {editing ? (
          <Text size="sm">
            {editing.inForceFrom > massachusettsToday()
              ? `Not in force yet: it applies from ${editing.inForceFrom}.`
              : `In force since ${editing.inForceFrom}.`}{' '}
            A change applies from today: reports for earlier days keep the requirement as it was then.
          </Text>
        ) : (
          <TextInput
            label="In force from"
            description="The first day it applies (today if empty); reports for earlier days leave it out"
            type="date"
            value={v.inForceFrom}
            onChange={(e) => set({ inForceFrom: e.currentTarget.value })}
            error={errors.inForceFrom}
          />
        )}
        <Checkbox
          label="In force"
          description="Untick to stop requiring it from today"
          checked={v.active}
          onChange={(e) => set({ active: e.currentTarget.checked })}
        />
        <Button type="submit">{editing ? 'Save the requirement' : 'Add the requirement'}</Button>
      </Stack>
    </form>
  );
}
