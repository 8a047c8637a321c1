import { Alert, Button, Card, Code, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDisableMfa, useMfaStatus, useRegenerateRecoveryCodes } from '../queries/mfa.js';
import { useSession } from '../session.js';
import { EnrolStep } from './SecondFactorStep.js';

/** Your own account: two-step sign-in with an authenticator app (decision 067). */
export function AccountPage() {
  const session = useSession();
  return (
    <Stack maw={560}>
      <Title order={2}>Your account</Title>
      <Text>
        {session.name}, {session.email}
      </Text>
      <TwoStepSection />
    </Stack>
  );
}

function TwoStepSection() {
  const status = useMfaStatus();
  const client = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const regenerate = useRegenerateRecoveryCodes();
  const disable = useDisableMfa();
  if (status.error) return <Alert color="red">{status.error.message}</Alert>;
  if (!status.data) return <Text>Loading…</Text>;
  const s = status.data;

  async function act(what: 'regenerate' | 'disable') {
    setError(null);
    try {
      if (what === 'regenerate') setCodes((await regenerate.mutateAsync(code)).recoveryCodes);
      else await disable.mutateAsync(code);
      setCode('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <Card withBorder component="section" aria-labelledby="two-step-heading">
      <Stack>
        <Title order={3} size="h4" id="two-step-heading">
          Two-step sign-in
        </Title>
        <Text size="sm">
          {s.enabled
            ? `On. Signing in asks for a code from your authenticator app. ${s.recoveryCodesLeft} recovery codes left.`
            : 'Off. Turn it on to ask for a code from an authenticator app on your phone as well as your password.'}
          {s.required && ' It is required of your account.'}
        </Text>
        {!s.enabled && !enrolling && (
          <Group>
            <Button onClick={() => setEnrolling(true)}>Set up two-step sign-in</Button>
          </Group>
        )}
        {!s.enabled && enrolling && (
          <EnrolStep
            onDone={() => {
              setEnrolling(false);
              void client.invalidateQueries({ queryKey: ['mfa'] });
            }}
            onCancel={() => setEnrolling(false)}
          />
        )}
        {s.enabled && (
          <form onSubmit={(e) => e.preventDefault()} noValidate>
            <Stack>
              <TextInput
                label="Current code from your authenticator app"
                description="Needed to get new recovery codes or to turn two-step sign-in off."
                autoComplete="one-time-code"
                value={code}
                error={error}
                onChange={(e) => setCode(e.currentTarget.value)}
              />
              <Group>
                <Button type="submit" loading={regenerate.isPending} onClick={() => void act('regenerate')}>
                  Get new recovery codes
                </Button>
                {!s.required && (
                  <Button
                    variant="outline"
                    color="red"
                    loading={disable.isPending}
                    onClick={() => void act('disable')}
                  >
                    Turn off
                  </Button>
                )}
              </Group>
            </Stack>
          </form>
        )}
        {codes && (
          <Alert color="blue" title="Your new recovery codes" role="status">
            <Text size="sm">
              Keep them somewhere safe; they are shown only now. The old ones no longer work.
            </Text>
            <List aria-label="Recovery codes" listStyleType="none">
              {codes.map((c) => (
                <List.Item key={c}>
                  <Code>{c}</Code>
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
