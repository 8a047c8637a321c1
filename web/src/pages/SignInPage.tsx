import { Alert, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError, api, setCsrfToken } from '../api.js';
import { formatTime } from '../format.js';
import { useRefreshSession } from '../session.js';
import { CodeStep, EnrolStep } from './SecondFactorStep.js';

export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ message: string; retryAt: Date | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [owed, setOwed] = useState<'code' | 'enrol' | null>(null);
  const refresh = useRefreshSession();

  async function signOut() {
    await api('POST', '/api/auth/sign-out').catch(() => undefined);
    setOwed(null);
    setPassword('');
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ secondFactor: 'code' | 'enrol'; csrfToken: string } | undefined>(
        'POST',
        '/api/auth/sign-in',
        { email, password },
      );
      if (answer) {
        // The password was right; the second factor is owed before the session is a full one.
        setCsrfToken(answer.csrfToken);
        setOwed(answer.secondFactor);
        return;
      }
      await refresh();
    } catch (err) {
      const retryAfter = err instanceof ApiError ? err.retryAfterSeconds : null;
      setError({
        message: err instanceof Error ? err.message : String(err),
        // Rounded up to the minute, since the time is shown without seconds.
        retryAt: retryAfter ? new Date(Math.ceil((Date.now() + retryAfter * 1_000) / 60_000) * 60_000) : null,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Container size={420} py={80} component="main">
      <Title order={1} ta="center">
        Concord
      </Title>
      <Text ta="center" mt="xs">
        Training, compliance, surveys, care coordination and CP enrollment
      </Text>
      <Paper withBorder shadow="sm" p="lg" mt="lg" radius="md">
        {owed === 'code' && <CodeStep onDone={() => void refresh()} onCancel={() => void signOut()} />}
        {owed === 'enrol' && (
          <EnrolStep
            intro="Your account must use two-step sign-in before you continue: a 6-digit code from an authenticator app on your phone, as well as your password."
            onDone={() => void refresh()}
            onCancel={() => void signOut()}
          />
        )}
        {!owed && (
          <form onSubmit={submit} noValidate>
            <Stack>
              <Title order={2} size="h4">
                Sign in
              </Title>
              {error && (
                <Alert
                  color={error.retryAt ? 'blue' : 'red'}
                  role="alert"
                  title={error.retryAt ? 'Sign-in paused' : 'Could not sign in'}
                >
                  {error.message}
                  {error.retryAt && (
                    <Text size="sm" mt="xs">
                      You can try again at {formatTime(error.retryAt)}.
                    </Text>
                  )}
                </Alert>
              )}
              <TextInput
                label="E-mail address"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button type="submit" loading={busy}>
                Sign in
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </Container>
  );
}
