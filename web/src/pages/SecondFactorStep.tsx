import { Button, Code, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.js';

/** A code field: digits on a phone's keyboard, filled by the phone's one-time-code suggestion. */
function CodeField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <TextInput
      ref={ref}
      label={props.label}
      autoComplete="one-time-code"
      inputMode="text"
      required
      value={props.value}
      error={props.error}
      onChange={(e) => props.onChange(e.currentTarget.value)}
    />
  );
}

/** After the password: the code from the authenticator app, or a recovery code. */
export function CodeStep(props: { onDone: () => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/auth/mfa/verify', { code });
      props.onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={2} size="h4">
          Two-step sign-in
        </Title>
        <Text size="sm">
          Type the 6-digit code your authenticator app shows for Concord, or one of your recovery codes.
        </Text>
        <CodeField label="Code" value={code} onChange={setCode} error={error} />
        <Button type="submit" loading={busy}>
          Continue
        </Button>
        <Button variant="subtle" onClick={props.onCancel}>
          Sign out
        </Button>
      </Stack>
    </form>
  );
}

interface Enrolment {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

/**
 * Setting up an authenticator: the QR code and the same secret as text, then a code from the app, then the
 * recovery codes, shown this once. Used at sign-in when it is required, and on the account page.
 */
export function EnrolStep(props: { onDone: () => void; onCancel?: () => void; intro?: string }) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const doneRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    api<Enrolment>('POST', '/api/auth/mfa/enrolment').then(setEnrolment, (err: unknown) =>
      setError(err instanceof Error ? err.message : String(err)),
    );
  }, []);
  useEffect(() => {
    if (codes) doneRef.current?.focus();
  }, [codes]);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCodes(
        (await api<{ recoveryCodes: string[] }>('POST', '/api/auth/mfa/enrolment/confirm', { code }))
          .recoveryCodes,
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  if (codes)
    return (
      <Stack>
        <Title order={2} size="h4" ref={doneRef} tabIndex={-1}>
          Two-step sign-in is on
        </Title>
        <Text size="sm">
          Keep these recovery codes somewhere safe, apart from your phone. Each signs you in once if you lose
          your authenticator. They are shown only now.
        </Text>
        <List aria-label="Recovery codes" listStyleType="none">
          {codes.map((c) => (
            <List.Item key={c}>
              <Code>{c}</Code>
            </List.Item>
          ))}
        </List>
        <Button onClick={props.onDone}>I have kept my recovery codes</Button>
      </Stack>
    );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={2} size="h4">
          Set up two-step sign-in
        </Title>
        {props.intro && <Text size="sm">{props.intro}</Text>}
        {!enrolment && !error && <Text size="sm">Preparing a new secret…</Text>}
        {enrolment && (
          <>
            <Text size="sm">
              Scan this QR code with an authenticator app, or type the secret below into it.
            </Text>
            <div
              role="img"
              aria-label="QR code for your authenticator app; the same secret is written out below"
              style={{ maxWidth: 200 }}
              // The server's own SVG, made by the qrcode package from the otpauth address.
              // biome-ignore lint/security/noDangerouslySetInnerHtml: trusted SVG from our own API
              dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
            />
            <Text size="sm">
              Secret: <Code aria-label="Secret">{enrolment.secret}</Code>
            </Text>
          </>
        )}
        <CodeField label="Code from the app" value={code} onChange={setCode} error={error} />
        <Button type="submit" loading={busy} disabled={!enrolment}>
          Turn on two-step sign-in
        </Button>
        {props.onCancel && (
          <Button variant="subtle" onClick={props.onCancel}>
            {props.intro ? 'Sign out' : 'Cancel'}
          </Button>
        )}
      </Stack>
    </form>
  );
}
