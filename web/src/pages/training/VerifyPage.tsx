import { Alert, Anchor, Box, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useCertificateCheck } from '../../queries/training-records.js';

/** The public check of a certificate: that certificate only, for its exact code. No sign-in. */
export function VerifyPage() {
  const { code } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(code ?? '');
  const query = useCertificateCheck(code);
  const c = query.data;
  return (
    <Box component="main" id="main" p="xl" maw={720} mx="auto">
      <Stack>
        <Title order={1} size="h2">
          Check a Concord certificate
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            navigate(`/verify/${typed.trim().toUpperCase()}`);
          }}
        >
          <Group align="flex-end">
            <TextInput
              label="Verification code"
              description="As printed on the certificate, e.g. 7K2QD-M9XRT"
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              w={280}
            />
            <Button type="submit">Check</Button>
          </Group>
        </form>
        {query.error && (
          <Alert color="red" role="alert">
            {query.error.message}
          </Alert>
        )}
        {c && (
          <Card withBorder role="status">
            <Title order={2} size="h3" c={c.status === 'valid' ? 'teal.9' : 'red.9'}>
              {c.status === 'valid' ? 'Valid certificate' : `Revoked on ${c.revokedOn}`}
            </Title>
            <Text>
              {c.name} completed <strong>{c.topic}</strong> on {c.completedOn}, recorded by {c.issuer}.
            </Text>
            <Text size="sm">Code {c.code}</Text>
          </Card>
        )}
        <Anchor href="/">Sign in to Concord</Anchor>
      </Stack>
    </Box>
  );
}
