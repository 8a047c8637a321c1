import { ruleRefLabel } from '@contract/care/rules.labels.js';
import { Alert, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDate } from '../../format.js';
import { useAssessments, useMajorChanges } from '../../queries/care.js';
import { FormModal } from '../../unsaved.js';
import { ASSESSMENT_KIND_LABELS, AssessmentForm, MajorChangeForm } from './AssessmentForms.js';

type Dialog = 'assessment' | 'major-change' | null;

/**
 * The enrollee's assessments (with the instrument answered and the rule version whose due date each met) and
 * major changes, latest first; those who record contacts record them here too, and the clocks below follow.
 */
export function Assessments({
  enrolleeId,
  mayRecord,
  mayAssess,
}: {
  enrolleeId: string;
  /** Records a major change (as a contact is recorded). */
  mayRecord: boolean;
  /** Records an assessment: a care manager's role (the server checks they are on the enrollee's team). */
  mayAssess: boolean;
}) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const assessments = useAssessments(enrolleeId);
  const changes = useMajorChanges(enrolleeId);
  const a = assessments.data?.items;
  const m = changes.data?.items;
  return (
    <Card withBorder component="section" aria-labelledby="assessments-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="assessments-heading">
          Assessments and major changes
        </Title>
        {(mayRecord || mayAssess) && (
          <Group gap="xs">
            {mayAssess && (
              <Button size="xs" onClick={() => setDialog('assessment')}>
                Record assessment
              </Button>
            )}
            {mayRecord && (
              <Button size="xs" variant="light" onClick={() => setDialog('major-change')}>
                Record major change
              </Button>
            )}
          </Group>
        )}
      </Group>
      <Stack gap="md">
        {assessments.error && <Alert color="red">{assessments.error.message}</Alert>}
        {!a && !assessments.error && <Text>Loading…</Text>}
        {a?.length === 0 && <Text>No assessment recorded yet.</Text>}
        {a && a.length > 0 && (
          <StackedTable>
            <VisuallyHidden component="caption">Assessments, latest first</VisuallyHidden>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Day</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>In person</Table.Th>
                <Table.Th>Instrument</Table.Th>
                <Table.Th>Met</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {a.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>{formatDate(x.completedOn)}</Table.Td>
                  <Table.Td>
                    {ASSESSMENT_KIND_LABELS[x.kind]}
                    {x.majorChangeReason ? ` (${x.majorChangeReason})` : ''}
                  </Table.Td>
                  <Table.Td>{x.inPerson ? 'Yes' : 'No'}</Table.Td>
                  <Table.Td>{x.instrument ? `${x.instrument.title} v${x.instrument.version}` : '—'}</Table.Td>
                  <Table.Td>{x.satisfied ? ruleRefLabel(x.satisfied) : 'No due date'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </StackedTable>
        )}
        {changes.error && <Alert color="red">{changes.error.message}</Alert>}
        {m && m.length > 0 && (
          <Stack gap={4}>
            <Title order={4} size="h5">
              Major changes
            </Title>
            <StackedTable>
              <VisuallyHidden component="caption">Major changes, latest first</VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Day</Table.Th>
                  <Table.Th>What changed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {m.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Td>{formatDate(x.occurredOn)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{x.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </StackedTable>
          </Stack>
        )}
      </Stack>
      <FormModal
        opened={dialog !== null}
        onClose={close}
        title={dialog === 'assessment' ? 'Record an assessment' : 'Record a major change'}
        size="lg"
      >
        {dialog === 'assessment' && <AssessmentForm enrolleeId={enrolleeId} onDone={close} />}
        {dialog === 'major-change' && <MajorChangeForm enrolleeId={enrolleeId} onDone={close} />}
      </FormModal>
    </Card>
  );
}
