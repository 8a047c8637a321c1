import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { DateRangeFields } from '../components/DateRangeFields.js';
import { FormError } from '../components/FormError.js';
import { StackedTable } from '../components/StackedTable.js';
import { notifySaved, useSubmit } from '../forms.js';
import { ORG_KIND_LABELS, options, RELATIONSHIP_LABELS } from '../labels.js';
import {
  useAddRelationship,
  useAddServiceArea,
  useCounties,
  useOrganisation,
  useRelationships,
  useServiceAreas,
} from '../queries/organisations.js';
import { can, useSession } from '../session.js';
import { FormModal, useFormGuard } from '../unsaved.js';
import { MfaRequirement } from './MfaRequirement.js';
import { OrganisationForm } from './OrganisationsPage.js';
import { useOrganisationOptions } from './organisation-options.js';

export function OrganisationPage() {
  const { id } = useParams();
  const session = useSession();
  const org = useOrganisation(id ?? '');
  const links = useRelationships(id ?? '');
  const areas = useServiceAreas(id ?? '');
  const [editing, edit] = useDisclosure();
  const [adding, add] = useDisclosure();
  const [addingArea, addArea] = useDisclosure();
  if (org.error) return <Alert color="red">{org.error.message}</Alert>;
  if (!org.data) return <Text>Loading…</Text>;
  const o = org.data;
  const own = session.orgId === o.id;
  const mayManage = own && can(session, 'organisation.manageLinks');
  const mayEdit = can(session, 'organisation.updateAny') || (own && can(session, 'organisation.update'));
  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2}>{o.name}</Title>
          <Group gap="xs">
            <Badge variant="light">{ORG_KIND_LABELS[o.kind]}</Badge>
            <Text size="sm">Code {o.code}</Text>
          </Group>
        </div>
        {mayEdit && <Button onClick={edit.open}>Edit</Button>}
      </Group>
      <Text>{[o.addressLine1, o.city, o.state, o.postalCode].filter(Boolean).join(', ')}</Text>
      {o.phone && <Text>Phone {o.phone}</Text>}
      <MfaRequirement org={o} mayEdit={mayEdit} />

      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4">
            Contracts and partnerships
          </Title>
          {mayManage && (
            <Button size="xs" onClick={add.open}>
              Add
            </Button>
          )}
        </Group>
        <StackedTable>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kind</Table.Th>
              <Table.Th>With</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>Until</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {links.data?.map((r) => {
              const otherId = r.orgId === o.id ? r.otherOrgId : r.orgId;
              const otherName = r.orgId === o.id ? r.otherOrgName : r.orgName;
              return (
                <Table.Tr key={r.id}>
                  <Table.Td>{RELATIONSHIP_LABELS[r.kind]}</Table.Td>
                  <Table.Td>
                    <Link to={`/organisations/${otherId}`}>{otherName}</Link>
                  </Table.Td>
                  <Table.Td>{r.startsOn}</Table.Td>
                  <Table.Td>{r.endsOn ?? 'open'}</Table.Td>
                </Table.Tr>
              );
            })}
            {links.data?.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>None that you can see.</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </StackedTable>
      </Card>

      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4">
            Service area
          </Title>
          {mayManage && (
            <Button size="xs" onClick={addArea.open}>
              Add county
            </Button>
          )}
        </Group>
        <Group gap="xs">
          {areas.data?.map((a) => (
            <Badge key={a.id} variant="outline" color="dark">
              {a.county} from {a.startsOn}
              {a.endsOn ? ` until ${a.endsOn}` : ''}
            </Badge>
          ))}
          {areas.data?.length === 0 && <Text>No counties recorded.</Text>}
        </Group>
      </Card>

      <FormModal opened={editing} onClose={edit.close} title="Edit organisation" size="lg">
        <OrganisationForm org={o} onDone={edit.close} />
      </FormModal>
      <FormModal opened={adding} onClose={add.close} title="Add a contract or partnership" size="lg">
        <RelationshipForm orgId={o.id} onDone={add.close} />
      </FormModal>
      <FormModal opened={addingArea} onClose={addArea.close} title="Add a county to the service area">
        <ServiceAreaForm orgId={o.id} onDone={addArea.close} />
      </FormModal>
    </Stack>
  );
}

function RelationshipForm({ orgId, onDone }: { orgId: string; onDone: () => void }) {
  const addRelationship = useAddRelationship(orgId);
  const organisations = useOrganisationOptions();
  const [v, setV] = useState({ kind: 'network_contract', otherOrgId: '', startsOn: '', endsOn: '' });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    await addRelationship.mutateAsync({ ...v, endsOn: v.endsOn || null });
    notifySaved('Relationship added');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Select
          label="Kind"
          data={options(RELATIONSHIP_LABELS)}
          value={v.kind}
          onChange={(k) => setV({ ...v, kind: k ?? 'network_contract' })}
          allowDeselect={false}
        />
        <Select
          label="With organisation"
          required
          searchable
          data={organisations.filter((o) => o.value !== orgId)}
          value={v.otherOrgId || null}
          onChange={(x) => setV({ ...v, otherOrgId: x ?? '' })}
          error={errors.otherOrgId}
        />
        <DateRangeFields value={v} onChange={(d) => setV({ ...v, ...d })} errors={errors} />
        <Group justify="flex-end">
          <Button type="submit">Add</Button>
        </Group>
      </Stack>
    </form>
  );
}

function ServiceAreaForm({ orgId, onDone }: { orgId: string; onDone: () => void }) {
  const addServiceArea = useAddServiceArea(orgId);
  const counties = useCounties();
  const [v, setV] = useState({ county: '', startsOn: '', endsOn: '' });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    await addServiceArea.mutateAsync({ ...v, endsOn: v.endsOn || null });
    notifySaved('County added');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Select
          label="County"
          required
          data={counties.data ?? []}
          value={v.county || null}
          onChange={(c) => setV({ ...v, county: c ?? '' })}
          error={errors.county}
        />
        <DateRangeFields value={v} onChange={(d) => setV({ ...v, ...d })} errors={errors} />
        <Group justify="flex-end">
          <Button type="submit">Add</Button>
        </Group>
      </Stack>
    </form>
  );
}
