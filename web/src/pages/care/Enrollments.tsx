import { CARE_PROGRAM_LABELS } from '@contract/care/care.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import {
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDate } from '../../format.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { options } from '../../labels.js';
import {
  type EnrolleeView,
  type EnrollmentView,
  useAddEnrollment,
  useEndEnrollment,
} from '../../queries/care.js';
import { FormModal, useFormGuard } from '../../unsaved.js';

const programLabel = (p: string) => CARE_PROGRAM_LABELS[p as keyof typeof CARE_PROGRAM_LABELS] ?? p;

/** The enrollee's program enrollments, latest first; those who keep the record add and end them. */
export function Enrollments({ enrollee: e, mayEdit }: { enrollee: EnrolleeView; mayEdit: boolean }) {
  const [adding, addModal] = useDisclosure();
  const [ending, setEnding] = useState<EnrollmentView | null>(null);
  const today = massachusettsToday();
  const rows = [...e.enrollments].sort((a, b) => b.effectiveOn.localeCompare(a.effectiveOn));
  return (
    <Card withBorder component="section" aria-labelledby="enrollments-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="enrollments-heading">
          Enrollments
        </Title>
        {mayEdit && (
          <Button size="xs" onClick={addModal.open}>
            Add enrollment
          </Button>
        )}
      </Group>
      {rows.length === 0 ? (
        <Text>Not enrolled in any program.</Text>
      ) : (
        <StackedTable>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Program</Table.Th>
              <Table.Th>Effective</Table.Th>
              <Table.Th>Last day</Table.Th>
              {mayEdit && <Table.Th>Action</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{programLabel(r.program)}</Table.Td>
                <Table.Td>{formatDate(r.effectiveOn)}</Table.Td>
                <Table.Td>{r.endsOn ? formatDate(r.endsOn) : 'Open'}</Table.Td>
                {mayEdit && (
                  <Table.Td>
                    {(!r.endsOn || r.endsOn >= today) && (
                      <Button size="compact-xs" variant="default" onClick={() => setEnding(r)}>
                        End<VisuallyHidden> the {programLabel(r.program)} enrollment</VisuallyHidden>
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      )}
      <FormModal opened={adding} onClose={addModal.close} title="Add an enrollment">
        <EnrollmentForm enrolleeId={e.id} onDone={addModal.close} />
      </FormModal>
      <FormModal opened={Boolean(ending)} onClose={() => setEnding(null)} title="End an enrollment">
        {ending && <EndEnrollmentForm enrolleeId={e.id} enrollment={ending} onDone={() => setEnding(null)} />}
      </FormModal>
    </Card>
  );
}

function EnrollmentForm({ enrolleeId, onDone }: { enrolleeId: string; onDone: () => void }) {
  const add = useAddEnrollment(enrolleeId);
  const [v, setV] = useState({ program: 'one_care', effectiveOn: massachusettsToday(), endsOn: '' });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    await add.mutateAsync({ ...v, endsOn: v.endsOn || null });
    notifySaved(`Enrolled in ${programLabel(v.program)}`);
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Select
          label="Program"
          name="program"
          required
          data={options(CARE_PROGRAM_LABELS)}
          value={v.program}
          onChange={(p) => setV({ ...v, program: p ?? 'one_care' })}
          allowDeselect={false}
          error={errors.program}
        />
        <TextInput
          label="Effective on"
          name="effectiveOn"
          type="date"
          required
          value={v.effectiveOn}
          onChange={(e) => setV({ ...v, effectiveOn: e.currentTarget.value })}
          error={errors.effectiveOn}
        />
        <TextInput
          label="Last day enrolled"
          name="endsOn"
          type="date"
          description="Leave empty while the enrollment is open"
          value={v.endsOn}
          onChange={(e) => setV({ ...v, endsOn: e.currentTarget.value })}
          error={errors.endsOn}
        />
        <Button type="submit">Add enrollment</Button>
      </Stack>
    </form>
  );
}

function EndEnrollmentForm({
  enrolleeId,
  enrollment,
  onDone,
}: {
  enrolleeId: string;
  enrollment: EnrollmentView;
  onDone: () => void;
}) {
  const end = useEndEnrollment(enrolleeId);
  const [endsOn, setEndsOn] = useState(enrollment.endsOn ?? massachusettsToday());
  const saved = useFormGuard(endsOn);
  const { errors, formError, submit } = useSubmit(
    async () => {
      await end.mutateAsync({ id: enrollment.id, version: enrollment.version, endsOn });
      notifySaved(`${programLabel(enrollment.program)} enrollment ends on ${formatDate(endsOn)}`);
      saved();
      onDone();
      // A later end date that reaches another enrollment of the program is refused on this field.
    },
    { effectiveOn: 'endsOn' },
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Text>
          {programLabel(enrollment.program)}, effective {formatDate(enrollment.effectiveOn)}.
        </Text>
        <TextInput
          label="Last day enrolled"
          name="endsOn"
          type="date"
          required
          value={endsOn}
          onChange={(e) => setEndsOn(e.currentTarget.value)}
          error={errors.endsOn}
        />
        <Button type="submit">End enrollment</Button>
      </Stack>
    </form>
  );
}
