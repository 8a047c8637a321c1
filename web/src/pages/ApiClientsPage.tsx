import type { ApiClientView } from '@contract/api-clients.schemas.js';
import { roleLabel } from '@contract/roles.js';
import {
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { CardList } from '../components/CardList.js';
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
  return `${type}: ${what} (${scope})`;
}

type Registered = ApiClientView & { clientSecret: string };

/** The secret, shown once, with the client id and the addresses a system needs; focus lands on it. */
function Secret({ made, onDone }: { made: Registered; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const values = [
    ['Client id', made.clientId],
    ['Client secret', made.clientSecret],
    ['Token endpoint', `${window.location.origin}/api/oauth/token`],
    ['FHIR base', `${window.location.origin}/fhir/R4`],
  ] as const;
  return (
    <Stack>
      <Title order={3} ref={heading} tabIndex={-1}>
        {made.name} is registered
      </Title>
      <Alert color="#8a4b00" title="Copy the secret now">
        This is the only time Concord shows the secret of {made.name}. Store it in the system that will read
        the FHIR API; if it is lost, revoke this client and register another.
      </Alert>
      {values.map(([label, value]) => (
        <Group key={label} align="flex-end" wrap="nowrap">
          <Textarea
            label={label}
            value={value}
            readOnly
            autosize
            minRows={1}
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: 'monospace', wordBreak: 'break-all' } }}
            style={{ flex: 1, minWidth: 0 }}
          />
          <CopyButton value={value} timeout={4000}>
            {({ copied, copy }) => (
              <Button variant="default" w={96} onClick={copy} aria-label={`Copy the ${label.toLowerCase()}`}>
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
          description={
            <>
              The client reads with this person’s roles here, and no more. Use a service account holding only
              the roles it needs: add one on the <Link to="/people">People</Link> page first (for example “EHR
              Feed”, with the Auditor role, which reads and changes nothing).
            </>
          }
          name="personId"
          required
          searchable
          data={(identities.data ?? []).map((p) => ({
            value: p.id,
            label: `${p.givenName} ${p.familyName} (${p.roles.map(roleLabel).join(', ')})`,
          }))}
          value={personId}
          onChange={setPersonId}
          nothingFoundMessage="No one with a role here matches"
          openOnFocus={false}
          error={errors.personId}
        />
        <MultiSelect
          label="May read"
          description="What the client’s tokens may read by id and search (its SMART scopes)"
          name="scopes"
          required
          searchable
          data={(scopes.data ?? []).map((s) => ({ value: s, label: scopeWords(s) }))}
          value={chosen}
          onChange={setChosen}
          openOnFocus={false}
          comboboxProps={{ position: 'bottom', middlewares: { flip: false, shift: false } }}
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
  const listHeading = useRef<HTMLHeadingElement>(null);
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
    revoke.mutate(c.id, {
      onSuccess: () => {
        notifySaved(`${c.name} is revoked.`);
        listHeading.current?.focus();
      },
      onError: notifyError,
    });
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
      <Title order={3} ref={listHeading} tabIndex={-1}>
        Clients
      </Title>
      {clients.data?.length ? (
        <CardList label="API clients, newest first">
          {clients.data.map((c) => (
            <Paper component="li" key={c.id} withBorder p="sm">
              <Group justify="space-between" align="flex-start" gap="xs">
                <Stack gap={4} style={{ minWidth: 0 }}>
                  <Text fw={700}>{c.name}</Text>
                  <Text size="sm" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                    {c.clientId}
                  </Text>
                  <Text size="sm">Acts as {c.personName}</Text>
                  <Text size="sm">May read: {c.scopes.map(scopeWords).join('; ')}</Text>
                </Stack>
                {c.revokedAt ? (
                  <Badge color="gray.8">Revoked {formatDateTime(c.revokedAt)}</Badge>
                ) : (
                  <Stack gap="xs" align="flex-end">
                    <Badge color="teal.9">Active since {formatDateTime(c.createdAt)}</Badge>
                    <Button size="xs" variant="outline" color="red.9" onClick={() => revokeClient(c)}>
                      Revoke {c.name}
                    </Button>
                  </Stack>
                )}
              </Group>
            </Paper>
          ))}
        </CardList>
      ) : (
        <Text c="dimmed">{clients.isLoading ? 'Loading…' : 'No clients yet.'}</Text>
      )}
    </Stack>
  );
}
