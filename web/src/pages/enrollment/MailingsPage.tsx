// Welcome mailings (seed 001's service-area expansion): a plan, ACO or MCO chooses the counties its service
// area gains and the day, runs the mailing with its progress in view, then downloads the letters and the
// print vendor's mail file; the list shows every mailing with its letters per county.
import {
  MAILING_STATUS_LABELS,
  type MailingStatus,
  WELCOME_ELIGIBILITY,
} from '@contract/enrollment/mailing.labels.js';
import { longDay } from '@contract/iso-days.js';
import { type County, MASSACHUSETTS_COUNTIES } from '@contract/organisations/counties.js';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDateTime, formatNumber, plural } from '../../format.js';
import { useSubmit } from '../../forms.js';
import { useJobProgress, useOutcomeFocus } from '../../queries/jobs.js';
import {
  type MailingView,
  mailingFileUrl,
  mailingLettersUrl,
  mailingsKeys,
  useMailing,
  useMailings,
  useRunMailing,
} from '../../queries/mailings.js';
import { useServiceAreas } from '../../queries/organisations.js';
import { can, useSession } from '../../session.js';
import { EnrollmentNav } from './EnrollmentNav.js';

const STATUS_COLOR: Record<MailingStatus, string> = { running: 'blue.9', done: 'teal.9', stopped: 'red.9' };

const perCounty = (m: MailingView) =>
  Object.entries(m.countyCounts)
    .map(([county, n]) => `${county} ${formatNumber(n)}`)
    .join(', ') || 'none';

/** What a mailing wrote: its status, its message, and its files. */
function MailingOutcome({ mailing }: { mailing: MailingView }) {
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {mailing.status === 'done' && mailing.residents === 0 ? (
          <Badge color="gray.8">Nobody to mail</Badge>
        ) : (
          <Badge color={STATUS_COLOR[mailing.status]}>{MAILING_STATUS_LABELS[mailing.status]}</Badge>
        )}
      </Group>
      {mailing.message && <Text size="sm">{mailing.message}</Text>}
      {mailing.status === 'done' && mailing.hasFiles && (
        <Group gap="md">
          <Anchor href={mailingLettersUrl(mailing.id)} download>
            Letters (PDF): {plural(mailing.residents, 'letter')}
          </Anchor>
          <Anchor href={mailingFileUrl(mailing.id)} download>
            Mail file for the print vendor (CSV)
          </Anchor>
        </Group>
      )}
    </Stack>
  );
}

/**
 * The mailing just run: its progress while the letters are written, then its outcome (announced, and focused
 * so a keyboard or screen reader user lands on it) with the letters per county.
 */
function CurrentMailing({ jobId }: { jobId: string }) {
  const { job, ended, percent } = useJobProgress(jobId);
  const mailing = useMailing(jobId, ended);
  const heading = useOutcomeFocus(Boolean(mailing.data), mailingsKeys.all);
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs" ref={heading} tabIndex={-1}>
        This mailing
      </Title>
      <div role="status">
        {mailing.data ? (
          <Stack gap="sm">
            <MailingOutcome mailing={mailing.data} />
            {Object.keys(mailing.data.countyCounts).length > 0 && (
              <Table withTableBorder={false} aria-label="Letters per county" w="auto">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>County</Table.Th>
                    <Table.Th>Letters</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {Object.entries(mailing.data.countyCounts).map(([county, n]) => (
                    <Table.Tr key={county}>
                      <Table.Td>{county}</Table.Td>
                      <Table.Td>{formatNumber(n)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        ) : (
          <Stack gap={4}>
            <Progress value={ended ? 100 : percent} aria-label="Mailing progress" animated={!ended} />
            <Text size="sm">
              {job.data?.status === 'failed' ? job.data.message : (job.data?.message ?? 'Waiting to start…')}
            </Text>
          </Stack>
        )}
      </div>
    </Card>
  );
}

/** The counties to write to and the day they join; the service areas not yet mailed offered first. */
function RunForm({
  orgId,
  mailed,
  onRun,
}: {
  orgId: string;
  mailed: MailingView[];
  onRun: (id: string) => void;
}) {
  const areas = useServiceAreas(orgId);
  const run = useRunMailing();
  const [counties, setCounties] = useState<string[]>([]);
  const [effectiveOn, setEffectiveOn] = useState('');
  const [other, setOther] = useState<string | null>(null);
  // A county added from the list takes the focus as its box appears (the button it was added with is disabled).
  const [added, setAdded] = useState<string | null>(null);
  const addedBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (added) addedBox.current?.focus();
  }, [added]);
  const done = (county: string, day: string) =>
    mailed.some((m) => m.status === 'done' && m.effectiveOn === day && m.counties.includes(county));
  const offered = (areas.data ?? [])
    .filter((a) => !done(a.county, a.startsOn))
    .sort((a, b) => b.startsOn.localeCompare(a.startsOn) || a.county.localeCompare(b.county));
  const startOf = (county: string) => offered.find((a) => a.county === county)?.startsOn;
  const extra = counties.filter((c) => !offered.some((a) => a.county === c));
  const choose = (next: string[]) => {
    setCounties(next);
    const first = next.map(startOf).find(Boolean);
    if (!effectiveOn && first) setEffectiveOn(first);
  };
  const { errors, formError, submit } = useSubmit(async () => {
    const job = await run.mutateAsync({ counties: counties as County[], effectiveOn });
    setCounties([]);
    setEffectiveOn('');
    onRun(job.id);
  });
  const countyError =
    errors.counties ?? Object.entries(errors).find(([k]) => k.startsWith('counties.'))?.[1] ?? undefined;
  return (
    <form onSubmit={submit} noValidate aria-label="Run a welcome mailing">
      <Stack gap="sm">
        <FormError message={formError} />
        <Checkbox.Group
          label="Counties your service area gains"
          description="Your organisation’s service areas not yet mailed, with the day each starts"
          value={counties}
          onChange={choose}
          error={countyError}
        >
          <Stack gap={6} mt="xs">
            {offered.map((a) => (
              <Checkbox
                key={a.id}
                value={a.county}
                name="counties"
                label={`${a.county} — from ${longDay(a.startsOn)}`}
              />
            ))}
            {extra.map((c) => (
              <Checkbox
                key={c}
                value={c}
                name="counties"
                label={c}
                ref={c === added ? addedBox : undefined}
              />
            ))}
            {areas.data && offered.length === 0 && (
              <Text size="sm">Every county of your service area has had its welcome mailing.</Text>
            )}
          </Stack>
        </Checkbox.Group>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="Another county"
            placeholder="Type its name"
            searchable
            clearable
            data={MASSACHUSETTS_COUNTIES.filter((c) => !counties.includes(c))}
            value={other}
            onChange={setOther}
            w={{ base: '100%', xs: 240 }}
          />
          <Button
            variant="light"
            disabled={!other}
            onClick={() => {
              if (other) choose([...counties, other]);
              setAdded(other);
              setOther(null);
            }}
          >
            Add the county
          </Button>
        </Group>
        <TextInput
          label="Effective day"
          description="The day the counties join your service area"
          name="effectiveOn"
          type="date"
          required
          value={effectiveOn}
          onChange={(e) => setEffectiveOn(e.currentTarget.value)}
          error={errors.effectiveOn}
          w={{ base: '100%', xs: 240 }}
        />
        <Group>
          <Button type="submit" loading={run.isPending}>
            Run the welcome mailing
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function MailingsPage() {
  const session = useSession();
  const [jobId, setJobId] = useState<string | null>(null);
  const mailings = useMailings(1, { refetchInterval: 10_000 });
  const kind = session.memberships.find((m) => m.orgId === session.orgId)?.orgKind;
  const program = kind === 'plan' ? 'one_care' : kind === 'aco' || kind === 'mco' ? kind : null;
  const items = mailings.data?.items ?? [];
  return (
    <Stack>
      <Title order={2}>Welcome mailings</Title>
      <EnrollmentNav />
      <Text>
        When your service area gains a county, welcome the residents Concord knows there: a letter each, in
        their language where a letter exists (otherwise in English) and in large print where asked, naming the
        first day they can be enrolled, and a mail file for the print vendor with the letters per county.
        Nobody is written to twice.
      </Text>
      {program && <Text size="sm">Who is written to: {WELCOME_ELIGIBILITY[program]}</Text>}
      {can(session, 'enrollment.mailing.run') && session.orgId ? (
        <RunForm orgId={session.orgId} mailed={items} onRun={setJobId} />
      ) : (
        <Alert color="gray">
          Welcome mailings are run by a plan’s, ACO’s or MCO’s enrollment submitters and administrators.
        </Alert>
      )}
      {jobId && <CurrentMailing key={jobId} jobId={jobId} />}
      <Title order={3} size="h4">
        Mailings
      </Title>
      {mailings.data?.items.length === 0 && <Text>No welcome mailing has been run yet.</Text>}
      {items.length > 0 && (
        <StackedTable>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Run</Table.Th>
              <Table.Th>Counties</Table.Th>
              <Table.Th>Effective</Table.Th>
              <Table.Th>First day of enrollment</Table.Th>
              <Table.Th>Letters per county</Table.Th>
              <Table.Th>Outcome</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  {formatDateTime(m.createdAt)}
                  {m.createdByName && <Text size="xs">{m.createdByName}</Text>}
                  {session.orgId !== m.orgId && <Text size="xs">{m.orgName}</Text>}
                </Table.Td>
                <Table.Td>{m.counties.join(', ')}</Table.Td>
                <Table.Td>{longDay(m.effectiveOn)}</Table.Td>
                <Table.Td>{longDay(m.firstEnrollmentOn)}</Table.Td>
                <Table.Td>{perCounty(m)}</Table.Td>
                <Table.Td>
                  <MailingOutcome mailing={m} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      )}
    </Stack>
  );
}
