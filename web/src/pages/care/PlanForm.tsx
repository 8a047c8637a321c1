import { Button, Checkbox, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { formatDate } from '../../format.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import { useAssessments } from '../../queries/care.js';
import { type PlanView, useCreatePlan, useUpdatePlan } from '../../queries/care-plans.js';
import { useFormGuard } from '../../unsaved.js';
import { ASSESSMENT_KIND_LABELS } from './AssessmentForms.js';
import { Part2Checkbox } from './Part2.js';
import { planTitle } from './PlanContent.js';
import { ContentFields, contentOf, rowsOf } from './PlanRows.js';

/** What the form writes: the first plan, a draft changed, or after a signed plan a new version or an addendum. */
export type PlanFormMode =
  | { mode: 'new'; enrolleeId: string }
  | { mode: 'edit'; plan: PlanView }
  | { mode: 'version' | 'addendum'; previous: PlanView };

/**
 * A care plan's draft: the assessment it follows, goals in the enrollee's own words with a coded domain, needs,
 * services and supports with who is responsible, and interventions with target dates, each part a list of rows
 * added and removed.
 */
export function PlanForm({ what, onDone }: { what: PlanFormMode; onDone: () => void }) {
  if (what.mode === 'edit') return <EditPlan plan={what.plan} onDone={onDone} />;
  if (what.mode === 'new')
    return <NewPlan enrolleeId={what.enrolleeId} previous={null} addendum={false} onDone={onDone} />;
  return (
    <NewPlan
      enrolleeId={what.previous.enrolleeId}
      previous={what.previous}
      addendum={what.mode === 'addendum'}
      onDone={onDone}
    />
  );
}

function NewPlan({
  enrolleeId,
  previous,
  addendum,
  onDone,
}: {
  enrolleeId: string;
  previous: PlanView | null;
  addendum: boolean;
  onDone: () => void;
}) {
  const create = useCreatePlan(enrolleeId);
  const assessments = useAssessments(enrolleeId);
  const choices = (assessments.data?.items ?? []).filter((a) => a.kind !== 'hrsn_screening');
  const [v, setV] = useState({
    assessmentId: '',
    majorChange: false,
    // A new version or addendum of a tagged plan stays tagged: the box is ticked and cannot be cleared.
    part2: previous?.part2 ?? false,
    // A new version starts from what the signed plan says; an addendum says only what it adds.
    rows: rowsOf(previous && !addendum ? previous.content : null),
  });
  // The latest assessment is the one a plan usually follows.
  const latest = choices[0]?.id ?? '';
  const assessmentId = v.assessmentId || latest;
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    if (!assessmentId) refuse('assessmentId', 'Choose the assessment the plan follows');
    const content = contentOf(v.rows);
    const plan = await create.mutateAsync({
      assessmentId,
      content,
      previousId: previous?.id ?? null,
      addendum,
      majorChange: v.majorChange,
      part2: v.part2,
    });
    notifySaved(`${planTitle(plan)} saved as a draft`);
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate aria-label={addendum ? 'Write an addendum' : 'Write a care plan'}>
      <Stack>
        <FormError message={formError} />
        {previous && (
          <Text size="sm">
            {addendum
              ? `The addendum adds to ${planTitle(previous)}, which stays as signed.`
              : `The new version replaces ${planTitle(previous)} once it is signed. It starts from what that plan says.`}
          </Text>
        )}
        <Select
          label="Assessment the plan follows"
          name="assessmentId"
          required
          placeholder={assessments.isPending ? 'Loading…' : 'Record a comprehensive assessment first'}
          data={choices.map((a) => ({
            value: a.id,
            label: `${ASSESSMENT_KIND_LABELS[a.kind]} of ${formatDate(a.completedOn)}`,
          }))}
          value={assessmentId || null}
          onChange={(id) => setV({ ...v, assessmentId: id ?? '' })}
          allowDeselect={false}
          error={errors.assessmentId}
        />
        {previous && !addendum && (
          <Checkbox
            label="Written after a major change"
            description="Its signature starts a new yearly review"
            name="majorChange"
            checked={v.majorChange}
            onChange={(e) => setV({ ...v, majorChange: e.currentTarget.checked })}
          />
        )}
        <ContentFields rows={v.rows} onChange={(rows) => setV({ ...v, rows })} errors={errors} />
        {!previous?.part2 && <Part2Checkbox checked={v.part2} onChange={(part2) => setV({ ...v, part2 })} />}
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            Save draft
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditPlan({ plan, onDone }: { plan: PlanView; onDone: () => void }) {
  const update = useUpdatePlan(plan);
  const [rows, setRows] = useState(() => rowsOf(plan.content));
  const saved = useFormGuard(rows);
  const { errors, formError, submit } = useSubmit(async () => {
    await update.mutateAsync(contentOf(rows));
    notifySaved(`${planTitle(plan)}: draft saved`);
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Edit the draft care plan">
      <Stack>
        <FormError message={formError} />
        <ContentFields rows={rows} onChange={setRows} errors={errors} />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Save draft
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The four parts of a plan, each a list of rows in its own group. Adding a row moves focus to its first field;
 * removing one moves it to the part's "Add" button, so a keyboard user never loses their place.
 */
