import { CARE_PROGRAM_LABELS, type EnrolleeSummary } from '@contract/care/care.schemas.js';
import { MASSACHUSETTS_COUNTIES } from '@contract/organisations/counties.js';
import { Button, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ListTable } from '../../components/ListTable.js';
import { options } from '../../labels.js';
import { careKeys } from '../../queries/care.js';
import { can, useSession } from '../../session.js';
import { FormModal } from '../../unsaved.js';
import { EnrolleeForm } from './EnrolleeForm.js';

/**
 * The enrollees the organisation holds, or whose care team it is on today: found by name or MassHealth ID,
 * narrowed by county, program and single point of contact, sorted, paged and exported like every list.
 */
export function EnrolleesPage() {
  const session = useSession();
  const [q, setQ] = useState('');
  const [county, setCounty] = useState<string | null>(null);
  const [program, setProgram] = useState<string | null>(null);
  const [coordinator, setCoordinator] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(q, 300);
  const [adding, { open, close }] = useDisclosure();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Enrollees</Title>
        {can(session, 'care.enrollee.create') && <Button onClick={open}>Add enrollee</Button>}
      </Group>
      <Group align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name, MassHealth ID or MBI"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: '100%', sm: 280 }}
        />
        <Select
          label="County"
          placeholder="Any county"
          data={[...MASSACHUSETTS_COUNTIES]}
          value={county}
          onChange={setCounty}
          clearable
          searchable
          w={{ base: '100%', sm: 180 }}
        />
        <Select
          label="Enrolled today in"
          placeholder="Any program"
          data={options(CARE_PROGRAM_LABELS)}
          value={program}
          onChange={setProgram}
          clearable
          w={{ base: '100%', sm: 200 }}
        />
        <Select
          label="Single point of contact"
          placeholder="Anyone"
          data={[{ value: session.personId, label: `Me (${session.name})` }]}
          value={coordinator}
          onChange={setCoordinator}
          clearable
          w={{ base: '100%', sm: 240 }}
        />
      </Group>
      <ListTable<EnrolleeSummary>
        caption="Enrollees"
        url={careKeys.all[0]}
        exportUrl="/api/care/enrollees/export"
        filters={{ q: debounced, county, program, coordinatorId: coordinator }}
        defaultSort="familyName"
        empty="No enrollee matches these filters."
        columns={[
          {
            key: 'name',
            header: 'Name',
            sort: 'familyName',
            render: (e) => <Link to={`/care/enrollees/${e.id}`}>{`${e.familyName}, ${e.givenName}`}</Link>,
          },
          {
            key: 'masshealthId',
            header: 'MassHealth ID',
            sort: 'masshealthId',
            render: (e) => e.masshealthId,
          },
          { key: 'dateOfBirth', header: 'Date of birth', sort: 'dateOfBirth', render: (e) => e.dateOfBirth },
          {
            key: 'county',
            header: 'Town and county',
            sort: 'county',
            render: (e) => [e.town, e.county].filter(Boolean).join(', ') || '—',
          },
          {
            key: 'programs',
            header: 'Programs today',
            render: (e) => e.programs.map((p) => CARE_PROGRAM_LABELS[p]).join(', ') || 'None',
          },
          {
            key: 'coordinator',
            header: 'Single point of contact',
            render: (e) => e.coordinatorName ?? 'None',
          },
        ]}
      />
      <FormModal opened={adding} onClose={close} title="Add an enrollee" size="lg">
        <EnrolleeForm onDone={close} />
      </FormModal>
    </Stack>
  );
}
