import { ACCESSIBLE_FORMAT_LABELS, SEX_LABELS } from '@contract/care/care.schemas.js';
import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDate } from '../../format.js';
import { type EnrolleeView, useEnrollee } from '../../queries/care.js';
import { can, useSession } from '../../session.js';
import { FormModal } from '../../unsaved.js';
import { Assessments } from './Assessments.js';
import { CarePlans } from './CarePlans.js';
import { CareTeam } from './CareTeam.js';
import { Clocks } from './Clocks.js';
import { Contacts } from './Contacts.js';
import { EnrolleeForm } from './EnrolleeForm.js';
import { Enrollments } from './Enrollments.js';
import { languageName } from './language.js';
import { CounselingNotes, Part2Consents, Part2HiddenNotice } from './Part2.js';
import { ServiceRequests } from './ServiceRequests.js';

/**
 * One enrollee: who they are and how to reach them (with the language and formats they need, first), the
 * contacts logged with them, their care team, program enrollments, assessments, care plans, service requests,
 * consents under 42 CFR Part 2 (and a notice when records are hidden under it), counseling notes and clocks (due
 * dates, unreachable, no contact). The plan that holds
 * the record keeps it; a care team's organisation reads it and logs contacts.
 */
export function EnrolleePage() {
  const { id = '' } = useParams();
  const session = useSession();
  const enrollee = useEnrollee(id);
  const [editing, editModal] = useDisclosure();
  if (enrollee.error) return <Alert color="red">{enrollee.error.message}</Alert>;
  if (!enrollee.data) return <Text>Loading…</Text>;
  const e = enrollee.data;
  const mayEdit = e.orgId === session.orgId && can(session, 'care.enrollee.update');
  const mayRecord = can(session, 'care.contact.record');
  return (
    <Stack>
      <Anchor component={Link} to="/care/enrollees" size="sm">
        ← Enrollees
      </Anchor>
      <Stack gap={4}>
        <Title order={2}>
          {e.givenName} {e.familyName}
        </Title>
        <Text>
          MassHealth ID {e.masshealthId} · born {formatDate(e.dateOfBirth)}
          {e.orgId !== session.orgId ? ` · record held by ${e.orgName}` : ''}
          {can(session, 'audit.read') && (
            <>
              {' · '}
              <Anchor component={Link} to={`/audit?entityType=care_enrollee&entityId=${e.id}`}>
                Who saw or changed this record
              </Anchor>
            </>
          )}
        </Text>
        <Group gap="xs">
          {e.preferredLanguage && (
            <Badge color="indigo.9" variant="outline">
              Speaks {languageName(e.preferredLanguage)}
            </Badge>
          )}
          {e.accessibleFormats.map((f) => (
            <Badge key={f} color="teal.9" variant="outline">
              {ACCESSIBLE_FORMAT_LABELS[f]}
            </Badge>
          ))}
        </Group>
      </Stack>
      <Part2HiddenNotice enrolleeId={e.id} />
      <Details enrollee={e} mayEdit={mayEdit} onEdit={editModal.open} />
      <Contacts enrolleeId={e.id} mayRecord={mayRecord} />
      <CareTeam enrollee={e} mayEdit={mayEdit} />
      <Enrollments enrollee={e} mayEdit={mayEdit} />
      <Assessments
        enrolleeId={e.id}
        mayRecord={mayRecord}
        mayAssess={can(session, 'care.assessment.record')}
      />
      <CarePlans enrolleeId={e.id} />
      <ServiceRequests enrolleeId={e.id} mayRecord={can(session, 'care.request.record')} />
      <Part2Consents enrollee={e} />
      <CounselingNotes enrolleeId={e.id} />
      <Clocks enrolleeId={e.id} />
      <FormModal opened={editing} onClose={editModal.close} title="Edit enrollee details" size="lg">
        <EnrolleeForm enrollee={e} onDone={editModal.close} />
      </FormModal>
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" fw={700}>
        {label}
      </Text>
      <Text style={{ overflowWrap: 'anywhere' }}>{children || '—'}</Text>
    </div>
  );
}

function Details({
  enrollee: e,
  mayEdit,
  onEdit,
}: {
  enrollee: EnrolleeView;
  mayEdit: boolean;
  onEdit: () => void;
}) {
  const address = [e.addressLine1, e.addressLine2, [e.town, e.postalCode].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return (
    <Card withBorder component="section" aria-labelledby="details-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="details-heading">
          Identity and contact
        </Title>
        {mayEdit && (
          <Button size="xs" variant="light" onClick={onEdit}>
            Edit details
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Fact label="Phone">
          {e.phone && (
            <Anchor href={`tel:${e.phone.replace(/[^\d+]/g, '')}`} inherit>
              {e.phone}
            </Anchor>
          )}
        </Fact>
        <Fact label="E-mail">{e.email}</Fact>
        <Fact label="Address">{address}</Fact>
        <Fact label="County">{e.county}</Fact>
        <Fact label="Preferred language">{e.preferredLanguage && languageName(e.preferredLanguage)}</Fact>
        <Fact label="Accessible formats">
          {e.accessibleFormats.map((f) => ACCESSIBLE_FORMAT_LABELS[f]).join(', ')}
        </Fact>
        <Fact label="Sex">{SEX_LABELS[e.sex]}</Fact>
        <Fact label="Medicare MBI">{e.mbi}</Fact>
      </SimpleGrid>
    </Card>
  );
}
