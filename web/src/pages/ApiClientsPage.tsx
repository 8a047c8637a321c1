import type { ApiClientView } from '@contract/api-clients.schemas.js';
import { roleLabel } from '@contract/roles.js';
import {
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../components/FormError.js';
import { confirmAction } from '../confirm.js';
import { formatDateTime } from '../format.js';
import { notifyError, notifySaved, useSubmit } from '../forms.js';
import {
  useApiClients,
  useIdentities,
  useRegisterApiClient,
  useRevokeApiClient,
  useScopesOffered,
} from '../queries/api-clients.js';
import { can, useSession } from '../session.js';

/** `system/Patient.rs` in words: "Patient: read and search". */
function scopeWords(scope: string) {
  const m = /^system\/([^.]+)\.(.+)$/.exec(scope);
  if (!m) return scope;
  const type = m[1] === '*' ? 'Every resource type' : m[1];
  const what = m[2] === 'r' ? 'read' : m[2] === 's' ? 'search' : 'read and search';
  return `${type}: ${what}`;
}

type Registered = ApiClientView & { clientSecret: string };

/** The secret, shown once, with the client id and where to ask for a token. */
function Secret({ made, onDone }: { made: Registered; onDone: () => void }) {
  const tokenUrl = `${window.location.origin}/api/oauth/token`;
  return (
    <Stack>
      <Alert color="#8a4b00" title="Copy the secret now">
        This is the only time Concord shows the secret of {made.name}. Store it in the system that will read
        the FHIR API; if it is lost, revoke this client and register another.
      </Alert>
      {[
        ['Client id', made.clientId],
        ['Client secret', made.clientSecret],
        ['Token endpoint', tokenUrl],
      ].map(([label, value]) => (
        <Group key={label} align="flex-end" wrap="nowrap">
          <TextInput
            label={label}
            value={value}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: 'monospace' } }}
            style={{ flex: 1, minWidth: 0 }}
          />
          <CopyButton value={value ?? ''} timeout={4000}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy} aria-label={`Copy the ${label?.toLowerCase()}`}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      ))}
      <Group justify="flex-end">
        <Button onClick={onDone}>I have stored the secret</Button>
      </Group>
    </Stack>
  );
}

function RegisterForm({ onMade }: { onMade: (made: Registered) => void }) {
  const register = useRegisterApiClient();
  const identities = useIdentities();
  const scopes = useScopesOffered();
  const [name, setName] = useState('');
  const [personId, setPersonId] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const { errors, formError, submit } = useSubmit(async () => {
    const made = await register.mutateAsync({ name, personId: personId ?? '', scopes: chosen });
    setName('');
    setPersonId(null);
    setChosen([]);
    onMade(made);
  });
  const scopeError = Object.entries(errors).find(([k]) => k === 'scopes' || k.startsWith('scopes.'))?.[1];
  return (
    <form onSubmit={submit} noValidate aria-label="Register an API client">
      <Stack maw={560}>
        <Title order={3}>Register a client</Title>
        <FormError message={formError} />
        <TextInput
          label="Name"
          description="The system that will read, as your staff know it"
          name="name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        <Select
          label="Acts as"
          description="The client reads with this person's roles here, and no more. Choose a service account holding only the roles it needs (an auditor reads and changes nothing)."
          name="personId"
          required
          searchable
          data={(identities.data ?? []).map((p) => ({
            value: p.id,
            label: `${p.familyName}, ${p.givenName} (${p.roles.map(roleLabel).join(', ')})`,
          }))}
          value={personId}
          onChange={setPersonId}
          nothingFoundMessage="No one with a role here matches"
          error={errors.personId}
        />
        <MultiSelect
          label="May read"
          description="SMART scopes: what the client's tokens may read by id and search"
          name="scopes"
          required
          searchable
          data={(scopes.data ?? []).map((s) => ({ value: s, label: scopeWords(s) }))}
          value={chosen}
          onChange={setChosen}
          error={scopeError}
        />
        <Group>
          <Button type="submit" loading={register.isPending}>
            Register the client
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The organisation's API clients: systems that read the FHIR API with the client credentials grant. */
export function ApiClientsPage() {
  const session = useSession();
  const clients = useApiClients();
  const revoke = useRevokeApiClient();
  const [made, setMade] = useState<Registered | null>(null);
  if (!can(session, 'apiClients.manage'))
    return <Alert>Only an organisation’s administrators manage its API clients.</Alert>;

  async function revokeClient(c: ApiClientView) {
    const ok = await confirmAction({
      title: `Revoke ${c.name}?`,
      message: `${c.name} stops reading at once: its tokens stop working and it cannot ask for more. This cannot be undone; register a new client to start again.`,
      confirmLabel: 'Revoke',
      cancelLabel: 'Keep it',
      danger: true,
    });
    if (!ok) return;
    revoke.mutate(c.id, { onSuccess: () => notifySaved(`${c.name} is revoked.`), onError: notifyError });
  }

  return (
    <Stack>
      <Title order={2}>API clients</Title>
      <Text maw={720}>
        Systems such as your EHR or care-management system read Concord’s FHIR API (<code>/fhir/R4</code>)
        with a client: they trade its id and secret for a five-minute token, read with the roles of the person
        they act as, and only the resource types named here. Every read is in the audit log under the client’s
        name.
      </Text>
      {made ? <Secret made={made} onDone={() => setMade(null)} /> : <RegisterForm onMade={setMade} />}
      <Title order={3}>Clients</Title>
      {clients.data?.length ? (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Caption>The organisation’s API clients, newest first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Client id</Table.Th>
                <Table.Th scope="col">Acts as</Table.Th>
                <Table.Th scope="col">May read</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clients.data.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                    {c.clientId}
                  </Table.Td>
                  <Table.Td>{c.personName}</Table.Td>
                  <Table.Td>{c.scopes.map(scopeWords).join('; ')}</Table.Td>
                  <Table.Td>
                    {c.revokedAt ? (
                      <Badge color="gray.8">Revoked {formatDateTime(c.revokedAt)}</Badge>
                    ) : (
                      <Group gap="xs">
                        <Badge color="teal.9">Active since {formatDateTime(c.createdAt)}</Badge>
                        <Button size="xs" variant="outline" color="red.9" onClick={() => revokeClient(c)}>
                          Revoke {c.name}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Text c="dimmed">{clients.isLoading ? 'Loading…' : 'No clients yet.'}</Text>
      )}
    </Stack>
  );
}
