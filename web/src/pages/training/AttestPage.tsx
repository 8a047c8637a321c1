import { Alert, Anchor, Button, Card, Checkbox, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { FormError } from '../../components/FormError.js';
import { useSubmit } from '../../forms.js';
import { useAttest, useAttestation } from '../../queries/training-records.js';
import { attestationClosing } from './format.js';

/** The page an attestation link opens: the statement, the person's own evidence, and the choice to attest. */
export function AttestPage() {
  const { token } = useParams();
  const [agree, setAgree] = useState(false);
  const [outcome, setOutcome] = useState<{ status: string; reason: string } | null>(null);
  const query = useAttestation(token ?? '');
  const attest = useAttest(token ?? '');
  const { formError, errors, submit } = useSubmit(async () => {
    setOutcome(await attest.mutateAsync(agree));
  });
  const a = query.data;
  if (query.error) return <Alert color="red">{query.error.message}</Alert>;
  if (!a) return <Text>Loading…</Text>;
  const done = outcome ?? (a.attested && { status: a.attested.status, reason: '' });
  return (
    <Stack maw={720}>
      <Title order={2}>Attest to completion</Title>
      <Text>
        <strong>{a.topicTitle}</strong> — {a.sessionTitle}
      </Text>
      <Card withBorder>
        <Text>
          Your record shows {a.evidence.minutes} minutes {a.kind === 'live' ? 'attended' : 'watched'}; at
          least {a.evidence.minimum} are needed.{' '}
          {a.ruleMet ? '' : 'If you attest, the training team will review it.'}
        </Text>
      </Card>
      {done ? (
        <Alert color={done.status === 'accepted' ? 'teal' : 'yellow'} role="status" title="Thank you">
          {done.status === 'accepted'
            ? 'Your attestation is recorded and the topic is completed. Your certificate is ready.'
            : `Your attestation is recorded and held for the training team to review. ${done.reason}`}{' '}
          <Anchor component={Link} to="/training">
            See your completions
          </Anchor>
        </Alert>
      ) : a.closed ? (
        <Alert color="red" role="alert">
          This attestation link {attestationClosing(a.closesAt).words}. Ask the training team to reopen it, or
          to record your completion.
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormError message={formError} />
            <Checkbox
              label={a.statement}
              checked={agree}
              onChange={(e) => setAgree(e.currentTarget.checked)}
              error={errors.agree}
            />
            <Button type="submit" w="fit-content">
              Attest
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
