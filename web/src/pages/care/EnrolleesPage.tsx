import { CARE_PROGRAM_LABELS, type EnrolleeSummary } from '@contract/care/care.schemas.js';
import { MASSACHUSETTS_COUNTIES } from '@contract/organisations/counties.js';
import { Button, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ListTable } from '../../components/ListTable.js';
import { formatDate } from '../../format.js';
import { options } from '../../labels.js';
import { careKeys } from '../../queries/care.js';
import { can, useSession } from '../../session.js';
import { FormModal } from '../../unsaved.js';
import { EnrolleeForm } from './EnrolleeForm.js';
import { enrolleeSearch } from './name-search.js';

/**
 * The enrollees the organisation holds, or whose care team it is on today: found by name or MassHealth ID,
 * narrowed by county, program and single point of contact, sorted, paged and exported like every list. The
 * search and the filters live in the address, so going back to the list from an enrollee finds it as it was.
 */
export function EnrolleesPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const county = params.get('county');
  const program = params.get('program');
  const coordinator = params.get('coordinatorId');
  const [debounced] = useDebouncedValue(q, 300);
  const [adding, { open, close }] = useDisclosure();
  const set = (key: string, value: string | null) =>
    setParams(
      (now) => {
        const next = new URLSearchParams(now);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  // The search reaches the address once typing pauses; a back or forward to another search puts that one
  // in the box (a change the page wrote itself leaves the box alone, so typing is never undone).
  const inAddress = params.get('q') ?? '';
  const written = useRef(inAddress);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled search is written
  useEffect(() => {
    const settled = debounced.trim();
    if (settled === inAddress) return;
    written.current = settled;
    set('q', settled || null);
  }, [debounced]);
  useEffect(() => {
    if (inAddress === written.current) return;
    written.current = inAddress;
    setQ(inAddress);
  }, [inAddress]);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Enrollees</Title>
        <Group gap="xs">
          {can(session, 'care.enrollee.import') && (
            <Button component={Link} to="/care/imports" variant="default">
              Import roster
            </Button>
          )}
          {can(session, 'care.enrollee.create') && <Button onClick={open}>Add enrollee</Button>}
        </Group>
      </Group>
      <Group align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name, MassHealth ID or MBI"
          description="A name as Given Family or Family, Given"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: '100%', sm: 280 }}
        />
        <Select
          label="County"
          placeholder="Any county"
          data={[...MASSACHUSETTS_COUNTIES]}
          value={county}
          onChange={(v) => set('county', v)}
          clearable
          searchable
          w={{ base: '100%', sm: 180 }}
        />
        <Select
          label="Enrolled today in"
          placeholder="Any program"
          data={options(CARE_PROGRAM_LABELS)}
          value={program}
          onChange={(v) => set('program', v)}
          clearable
          w={{ base: '100%', sm: 200 }}
        />
        <Select
          label="Single point of contact"
          placeholder="Anyone"
          data={[{ value: session.personId, label: `Me (${session.name})` }]}
          value={coordinator}
          onChange={(v) => set('coordinatorId', v)}
          clearable
          w={{ base: '100%', sm: 240 }}
        />
      </Group>
      <ListTable<EnrolleeSummary>
        caption="Enrollees"
        url={careKeys.all[0]}
        exportUrl="/api/care/enrollees/export"
        filters={{ q: enrolleeSearch(inAddress), county, program, coordinatorId: coordinator }}
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
          {
            key: 'dateOfBirth',
            header: 'Date of birth',
            sort: 'dateOfBirth',
            render: (e) => formatDate(e.dateOfBirth),
          },
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
