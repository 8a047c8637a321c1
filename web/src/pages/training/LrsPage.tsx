import type { LrsSettingsView, XapiDeliveryView } from '@contract/training/xapi.schemas.js';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { CardList } from '../../components/CardList.js';
import { FormError } from '../../components/FormError.js';
import { formatDateTime } from '../../format.js';
import { notifyError, notifySaved, useSubmit } from '../../forms.js';
import {
  useLrsDeliveries,
  useLrsSettings,
  useResendXapi,
  useSaveLrs,
  useTestLrs,
} from '../../queries/lrs.js';

const STATUS_WORDS = { sent: 'Sent', waiting: 'Waiting', failed: 'Failed' } as const;
const STATUS_COLOURS = { sent: 'teal.9', waiting: 'gray.8', failed: 'red.9' } as const;

function SettingsForm({ settings }: { settings: LrsSettingsView }) {
  const save = useSaveLrs();
  const [endpoint, setEndpoint] = useState(settings.endpoint ?? '');
  const [key, setKey] = useState(settings.key ?? '');
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(settings.enabled);
  useEffect(() => {
    setEndpoint(settings.endpoint ?? '');
    setKey(settings.key ?? '');
    setEnabled(settings.enabled);
  }, [settings]);
  const { errors, formError, submit } = useSubmit(async () => {
    await save.mutateAsync({
      body: { endpoint, key, enabled, ...(secret ? { secret } : {}) },
      version: settings.version,
    });
    setSecret('');
    notifySaved('The learning record store settings are saved.');
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Learning record store settings">
      <Stack maw={560}>
        <FormError message={formError} />
        <TextInput
          label="xAPI endpoint"
          description="The address your LRS gives for xAPI, without /statements; it must start with https://"
          name="endpoint"
          required
          value={endpoint}
          onChange={(e) => setEndpoint(e.currentTarget.value)}
          error={errors.endpoint}
        />
        <TextInput
          label="Key"
          name="key"
          required
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.currentTarget.value)}
          error={errors.key}
        />
        <PasswordInput
          label="Secret"
          description={
            settings.hasSecret
              ? 'A secret is stored and is never shown. Leave this empty to keep it.'
              : 'Shown once by your LRS with the key.'
          }
          name="secret"
          required={!settings.hasSecret}
          autoComplete="new-password"
          value={secret}
          onChange={(e) => setSecret(e.currentTarget.value)}
          error={errors.secret}
        />
        <Checkbox
          label="Send completions recorded from now on to this LRS"
          name="enabled"
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Delivery({ d }: { d: XapiDeliveryView }) {
  return (
    <Paper component="li" withBorder p="sm">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text fw={700}>
            {d.personName}: {d.topicTitle}
            {d.verb === 'voided' ? ' (revoked: voiding statement)' : ''}
          </Text>
          <Text size="sm">
            Queued {formatDateTime(d.createdAt)}
            {d.sentAt ? `, sent ${formatDateTime(d.sentAt)}` : ''}; {d.attempts} attempts
          </Text>
          {d.error ? (
            <Text size="sm" style={{ wordBreak: 'break-word' }}>
              {d.error}
            </Text>
          ) : null}
        </Stack>
        <Badge color={STATUS_COLOURS[d.status]}>{STATUS_WORDS[d.status]}</Badge>
      </Group>
    </Paper>
  );
}

/** The organisation's learning record store: where its completions are sent as xAPI statements. */
export function LrsPage() {
  const settings = useLrsSettings();
  const deliveries = useLrsDeliveries();
  const test = useTestLrs();
  const resend = useResendXapi();
  const failed = (deliveries.data ?? []).filter((d) => d.status === 'failed').length;
  return (
    <Stack>
      <Title order={2}>Learning record store</Title>
      <Text maw={720}>
        Each completion recorded here while this is on — by hand, a module, attendance or an import — is sent
        to your LRS as an xAPI statement, and a revoked one is voided. Learners are named by their Concord id,
        not their e-mail address. A send that fails for want of an answer is tried again for about a quarter
        of an hour; every statement is listed below.
      </Text>
      {settings.data ? <SettingsForm settings={settings.data} /> : <Text>Loading…</Text>}
      {settings.data?.configured ? (
        <Stack maw={560} gap="xs">
          <Group>
            <Button
              variant="default"
              loading={test.isPending}
              onClick={() => test.mutate(undefined, { onError: notifyError })}
            >
              Send a test statement
            </Button>
          </Group>
          <div role="status" aria-live="polite">
            {test.data ? (
              <Alert
                color={test.data.ok ? 'teal.9' : 'red.9'}
                title={test.data.ok ? 'The LRS stored it' : 'The LRS did not store it'}
              >
                {test.data.message}
              </Alert>
            ) : null}
          </div>
        </Stack>
      ) : null}
      <Group justify="space-between">
        <Title order={3}>Recent statements</Title>
        {failed ? (
          <Button
            variant="outline"
            onClick={() =>
              resend.mutate(undefined, {
                onSuccess: (r) => notifySaved(`${r.queued} statements will be sent again.`),
                onError: notifyError,
              })
            }
          >
            Send the {failed} failed again
          </Button>
        ) : null}
      </Group>
      {deliveries.data?.length ? (
        <CardList label="Statements, newest first">
          {deliveries.data.map((d) => (
            <Delivery key={d.id} d={d} />
          ))}
        </CardList>
      ) : (
        <Text c="dimmed">{deliveries.isLoading ? 'Loading…' : 'Nothing sent yet.'}</Text>
      )}
    </Stack>
  );
}
