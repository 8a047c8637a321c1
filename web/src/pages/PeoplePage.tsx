import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { PersonSummary } from '@contract/people/people.schemas.js';
import { ROLE_LABELS, roleLabel } from '@contract/roles.js';
import { Button, Checkbox, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { FormError } from '../components/FormError.js';
import { ListTable } from '../components/ListTable.js';
import { notifySaved, useSubmit } from '../forms.js';
import { options } from '../labels.js';
import { peopleKeys, useCreatePerson } from '../queries/people.js';
import { can, useSession } from '../session.js';
import { FormModal, useFormGuard } from '../unsaved.js';

export function PeoplePage() {
  const session = useSession();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const [includeEnded, setIncludeEnded] = useState(false);
  const [debounced] = useDebouncedValue(q, 300);
  const [opened, { open, close }] = useDisclosure();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>People</Title>
        {can(session, 'person.create') && <Button onClick={open}>Add person</Button>}
      </Group>
      <Group align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name, e-mail or NPI"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={280}
        />
        <Select
          label="Role"
          placeholder="Any role"
          data={options(ROLE_LABELS)}
          value={role}
          onChange={setRole}
          clearable
          w={220}
        />
        <Checkbox
          label="Include people whose roles have ended"
          checked={includeEnded}
          onChange={(e) => setIncludeEnded(e.currentTarget.checked)}
          mb={8}
        />
      </Group>
      <ListTable<PersonSummary>
        caption="People with a role at this organisation"
        url={peopleKeys.all[0]}
        exportUrl="/api/people/export"
        filters={{ q: debounced, role, includeEnded: includeEnded || undefined }}
        defaultSort="familyName"
        columns={[
          {
            key: 'name',
            header: 'Name',
            sort: 'familyName',
            render: (p) => <Link to={`/people/${p.id}`}>{`${p.familyName}, ${p.givenName}`}</Link>,
          },
          { key: 'email', header: 'E-mail', sort: 'email', render: (p) => p.email },
          { key: 'npi', header: 'NPI', render: (p) => p.npi },
          {
            key: 'roles',
            header: 'Roles',
            render: (p) => p.roles.map((r) => roleLabel(r)).join(', '),
          },
          { key: 'teams', header: 'Team', render: (p) => p.teams.join(', ') },
        ]}
      />
      <FormModal opened={opened} onClose={close} title="Add a person" size="lg">
        <PersonForm onDone={close} />
      </FormModal>
    </Stack>
  );
}

function PersonForm({ onDone }: { onDone: () => void }) {
  const createPerson = useCreatePerson();
  const navigate = useNavigate();
  const [v, setV] = useState({
    givenName: '',
    familyName: '',
    email: '',
    npi: '',
    title: '',
    role: 'provider_staff',
    startsOn: massachusettsToday(),
  });
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) =>
    setV({ ...v, [k]: e.currentTarget.value });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(
    async () => {
      const body = {
        givenName: v.givenName,
        familyName: v.familyName,
        email: v.email,
        npi: v.npi || null,
        title: v.title,
        roles: [{ role: v.role, startsOn: v.startsOn }],
      };
      const res = await createPerson.mutateAsync(body);
      notifySaved('Person added');
      saved();
      onDone();
      navigate(`/people/${res.id}`);
    },
    { 'roles.0.role': 'role', 'roles.0.startsOn': 'startsOn' },
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Given name"
            required
            value={v.givenName}
            onChange={set('givenName')}
            error={errors.givenName}
          />
          <TextInput
            label="Family name"
            required
            value={v.familyName}
            onChange={set('familyName')}
            error={errors.familyName}
          />
          <TextInput
            label="E-mail address"
            type="email"
            required
            value={v.email}
            onChange={set('email')}
            error={errors.email}
          />
          <TextInput
            label="NPI"
            description="10 digits; clinicians only"
            value={v.npi}
            onChange={set('npi')}
            error={errors.npi}
          />
          <TextInput
            label="Title or credentials"
            value={v.title}
            onChange={set('title')}
            error={errors.title}
          />
          <Select
            label="Role here"
            required
            data={options(ROLE_LABELS)}
            value={v.role}
            onChange={(r) => setV({ ...v, role: r ?? 'provider_staff' })}
            allowDeselect={false}
            error={errors.role || undefined}
          />
          <TextInput
            label="Role starts on"
            type="date"
            required
            value={v.startsOn}
            onChange={set('startsOn')}
            error={errors.startsOn || undefined}
          />
        </SimpleGrid>
        <Text size="sm">
          Someone already in Concord with this e-mail address keeps their name and NPI as recorded, and is
          told by e-mail that you added them.
        </Text>
        <Group justify="flex-end">
          <Button type="submit">Add person</Button>
        </Group>
      </Stack>
    </form>
  );
}
