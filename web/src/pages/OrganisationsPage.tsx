import { Button, Group, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { FormError } from '../components/FormError.js';
import { ListTable } from '../components/ListTable.js';
import { notifySaved, useSubmit } from '../forms.js';
import { ORG_KIND_LABELS, options } from '../labels.js';
import {
  type OrganisationView,
  useCreateOrganisation,
  useUpdateOrganisation,
} from '../queries/organisations.js';
import { can, useSession } from '../session.js';
import { FormModal, useFormGuard } from '../unsaved.js';

export function OrganisationsPage() {
  const session = useSession();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(q, 300);
  const [opened, { open, close }] = useDisclosure();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Organisations</Title>
        {can(session, 'organisation.create') && <Button onClick={open}>Add organisation</Button>}
      </Group>
      <Group>
        <TextInput
          label="Search"
          placeholder="Name, code or city"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={280}
        />
        <Select
          label="Kind"
          placeholder="Any kind"
          data={options(ORG_KIND_LABELS)}
          value={kind}
          onChange={setKind}
          clearable
          w={260}
        />
      </Group>
      <ListTable<OrganisationView>
        caption="Organisations"
        url="/api/organisations"
        exportUrl="/api/organisations/export"
        filters={{ q: debounced, kind }}
        defaultSort="name"
        columns={[
          {
            key: 'name',
            header: 'Name',
            sort: 'name',
            render: (o) => <Link to={`/organisations/${o.id}`}>{o.name}</Link>,
          },
          { key: 'code', header: 'Code', sort: 'code', render: (o) => o.code },
          { key: 'kind', header: 'Kind', sort: 'kind', render: (o) => ORG_KIND_LABELS[o.kind] ?? o.kind },
          { key: 'city', header: 'City', render: (o) => o.city },
        ]}
      />
      <FormModal opened={opened} onClose={close} title="Add organisation" size="lg">
        <OrganisationForm onDone={close} />
      </FormModal>
    </Stack>
  );
}

/** Create (no `org`) or edit an organisation; edits send the version they started from. */
export function OrganisationForm({ org, onDone }: { org?: OrganisationView; onDone: () => void }) {
  const create = useCreateOrganisation();
  const update = useUpdateOrganisation();
  const [values, setValues] = useState({
    kind: org?.kind ?? 'provider',
    code: org?.code ?? '',
    name: org?.name ?? '',
    addressLine1: org?.addressLine1 ?? '',
    city: org?.city ?? '',
    postalCode: org?.postalCode ?? '',
    phone: org?.phone ?? '',
  });
  const set = (k: keyof typeof values) => (e: { currentTarget: { value: string } }) =>
    setValues({ ...values, [k]: e.currentTarget.value });
  const saved = useFormGuard(values);
  const { errors, formError, submit } = useSubmit(async () => {
    const body = { ...values, postalCode: values.postalCode || null };
    if (org) {
      const { kind: _k, ...patch } = body;
      await update.mutateAsync({ id: org.id, version: org.version, patch });
    } else await create.mutateAsync(body);
    notifySaved(org ? 'Organisation saved' : 'Organisation added');
    saved();
    onDone();
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {!org && (
            <Select
              label="Kind"
              required
              data={options(ORG_KIND_LABELS)}
              value={values.kind}
              onChange={(v) =>
                setValues({ ...values, kind: (v as OrganisationView['kind'] | null) ?? 'provider' })
              }
              allowDeselect={false}
              error={errors.kind}
            />
          )}
          <TextInput
            label="Code"
            required
            value={values.code}
            onChange={set('code')}
            error={errors.code}
            description="Letters, digits and dashes"
          />
          <TextInput label="Name" required value={values.name} onChange={set('name')} error={errors.name} />
          <TextInput
            label="Street address"
            value={values.addressLine1}
            onChange={set('addressLine1')}
            error={errors.addressLine1}
          />
          <TextInput label="City or town" value={values.city} onChange={set('city')} error={errors.city} />
          <TextInput
            label="ZIP code"
            value={values.postalCode}
            onChange={set('postalCode')}
            error={errors.postalCode}
          />
          <TextInput label="Phone" value={values.phone} onChange={set('phone')} error={errors.phone} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit">Save</Button>
        </Group>
      </Stack>
    </form>
  );
}
