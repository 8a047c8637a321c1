import { longDay } from '@contract/iso-days.js';
import { Alert, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { StackedTable } from '../../components/StackedTable.js';
import { type MemberHistory, useMemberHistory } from '../../queries/enrollment.js';
import { EnrollmentNav } from './EnrollmentNav.js';
import { MemberChoices } from './MemberChoices.js';

const STATUS: Record<MemberHistory['status'], { label: string; color: string }> = {
  enrolled: { label: 'Enrolled with a Community Partner', color: 'teal.9' },
  disenrolled: { label: 'Disenrolled', color: 'gray.8' },
  not_enrolled: { label: 'Not enrolled with a Community Partner', color: 'gray.8' },
};

function History({ member }: { member: MemberHistory }) {
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {member.familyName}, {member.givenName}
        </Title>
        <Text size="sm">
          MassHealth ID {member.masshealthId} · born {longDay(member.dateOfBirth)} · {member.orgName}
          {member.county ? ` · ${member.county} County` : ''}
        </Text>
        <Group>
          <Badge color={STATUS[member.status].color}>{STATUS[member.status].label}</Badge>
        </Group>
        {member.spans.length === 0 ? (
          <Text size="sm">No Community Partner enrollment is recorded.</Text>
        ) : (
          <StackedTable>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Community Partner</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>How it ended</Table.Th>
                <Table.Th>Enrollment since</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {member.spans.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.cpName}</Table.Td>
                  <Table.Td>{longDay(s.startsOn)}</Table.Td>
                  <Table.Td>{s.endsOn ? longDay(s.endsOn) : 'Open'}</Table.Td>
                  <Table.Td>{s.endReasonLabel ?? ''}</Table.Td>
                  <Table.Td>{longDay(s.episodeStartsOn)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </StackedTable>
        )}
        <MemberChoices member={member} />
      </Stack>
    </Card>
  );
}

/** A member's Community Partner enrollment over time, found by MassHealth ID. */
export function MemberPage() {
  const [typed, setTyped] = useState('');
  const [asked, setAsked] = useState('');
  const history = useMemberHistory(asked);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAsked(typed.trim());
  };
  return (
    <Stack>
      <Title order={2}>Member enrollment</Title>
      <EnrollmentNav />
      <Text>
        A member’s Community Partner enrollment over time: each enrollment, transfer and disenrollment with
        its dates and reason. A member may ask for a different Community Partner, or decline, at any time;
        this does not affect their MassHealth benefits.
      </Text>
      <form onSubmit={submit}>
        <Group align="end">
          <TextInput
            label="MassHealth ID"
            description="12 digits"
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            inputMode="numeric"
            autoComplete="off"
          />
          <Button type="submit">Show enrollment</Button>
        </Group>
      </form>
      {history.isError && (
        <Alert color="red" role="alert" title="Not found">
          {history.error instanceof Error ? history.error.message : 'The member could not be shown.'}
        </Alert>
      )}
      {history.data?.items.map((m) => (
        <History key={m.enrolleeId} member={m} />
      ))}
    </Stack>
  );
}
