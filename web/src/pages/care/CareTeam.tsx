import { massachusettsToday } from '@contract/massachusetts-day.js';
import { Badge, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDate } from '../../format.js';
import type { EnrolleeView, TeamMemberView } from '../../queries/care.js';
import { FormModal } from '../../unsaved.js';
import { AddMemberForm, AnswerForm, EndMemberForm, OfferForm, roleLabel, SpocForm } from './CareTeamForms.js';
import { CareTeamTraining } from './CareTeamTraining.js';

const current = (m: TeamMemberView, today: string) => m.startsOn <= today && (!m.endsOn || m.endsOn >= today);
const byStartDesc = (a: TeamMemberView, b: TeamMemberView) => b.startsOn.localeCompare(a.startsOn);

const day = (d: string | null) => (d ? formatDate(d) : '');

/** What happened to the offer of an LTS coordinator, in words. */
export function ltsOfferWords(m: TeamMemberView) {
  if (!m.ltsOfferedOn) return 'Not offered yet';
  const offered = `Offered ${day(m.ltsOfferedOn)}`;
  if (m.ltsResponse === 'accepted') return `${offered}; accepted ${day(m.ltsRespondedOn)}`.trim();
  if (m.ltsResponse === 'declined') return `${offered}; declined ${day(m.ltsRespondedOn)}`.trim();
  return `${offered}; no answer yet`;
}

/**
 * Until when a membership runs, in words: its last day, or whether it is in force today. An LTS coordinator
 * the enrollee declined is not serving them, whatever the membership's dates say.
 */
export function untilWords(m: TeamMemberView, today: string) {
  if (m.role === 'lts_coordinator' && m.ltsResponse === 'declined')
    return 'Not serving: the enrollee declined';
  if (m.startsOn > today) return `Not started: from ${formatDate(m.startsOn)}`;
  if (m.endsOn) return formatDate(m.endsOn);
  return 'Current';
}

type Dialog =
  | { kind: 'spoc' }
  | { kind: 'add' }
  | { kind: 'end'; member: TeamMemberView }
  | { kind: 'offer'; member: TeamMemberView }
  | { kind: 'answer'; member: TeamMemberView }
  | null;

const TITLES = {
  spoc: 'Change the single point of contact',
  add: 'Add a care team member',
  end: 'End a care team membership',
  offer: 'Record the LTS coordinator offer',
  answer: 'Record the enrollee’s answer',
};

/**
 * The care team: the single point of contact and who held it before, the LTS coordinator with the offer and
 * the enrollee's answer, and the other members with their dates.
 */
export function CareTeam({ enrollee: e, mayEdit }: { enrollee: EnrolleeView; mayEdit: boolean }) {
  const today = massachusettsToday();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const spocs = e.team.filter((m) => m.singlePointOfContact).sort(byStartDesc);
  const spoc = spocs.find((m) => current(m, today)) ?? null;
  const lts = e.team.filter((m) => !m.singlePointOfContact && m.role === 'lts_coordinator').sort(byStartDesc);
  const others = e.team
    .filter((m) => !m.singlePointOfContact && m.role !== 'lts_coordinator')
    .sort((a, b) => Number(current(b, today)) - Number(current(a, today)) || byStartDesc(a, b));

  const actions = (m: TeamMemberView) => {
    const buttons = [];
    const who = <VisuallyHidden>: {m.name}</VisuallyHidden>;
    // After a declined offer the enrollee may be offered an LTS coordinator again later.
    if (m.role === 'lts_coordinator' && (!m.ltsOfferedOn || m.ltsResponse === 'declined'))
      buttons.push(
        <Button
          key="offer"
          size="compact-xs"
          variant="default"
          onClick={() => setDialog({ kind: 'offer', member: m })}
        >
          {m.ltsOfferedOn ? 'Record new offer' : 'Record offer'}
          {who}
        </Button>,
      );
    if (m.role === 'lts_coordinator' && m.ltsOfferedOn && (!m.ltsResponse || m.ltsResponse === 'pending'))
      buttons.push(
        <Button
          key="answer"
          size="compact-xs"
          variant="default"
          onClick={() => setDialog({ kind: 'answer', member: m })}
        >
          Record answer{who}
        </Button>,
      );
    if (!m.endsOn || m.endsOn >= today)
      buttons.push(
        <Button
          key="end"
          size="compact-xs"
          variant="default"
          onClick={() => setDialog({ kind: 'end', member: m })}
        >
          End{who}
        </Button>,
      );
    return (
      <Group gap="xs" wrap="wrap">
        {buttons}
      </Group>
    );
  };

  const memberTable = (rows: TeamMemberView[], caption: string, withOffer: boolean) => (
    <StackedTable>
      <VisuallyHidden component="caption">{caption}</VisuallyHidden>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Role</Table.Th>
          <Table.Th>Organisation</Table.Th>
          <Table.Th>From</Table.Th>
          <Table.Th>Until</Table.Th>
          {withOffer && <Table.Th>Offer and answer</Table.Th>}
          {mayEdit && <Table.Th>Actions</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((m) => (
          <Table.Tr key={m.id}>
            <Table.Td>{m.name}</Table.Td>
            <Table.Td>{roleLabel(m.role)}</Table.Td>
            <Table.Td>{m.memberOrgName}</Table.Td>
            <Table.Td>{formatDate(m.startsOn)}</Table.Td>
            <Table.Td>{untilWords(m, today)}</Table.Td>
            {withOffer && <Table.Td>{ltsOfferWords(m)}</Table.Td>}
            {mayEdit && <Table.Td>{actions(m)}</Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </StackedTable>
  );

  return (
    <Card withBorder component="section" aria-labelledby="team-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="team-heading">
          Care team
        </Title>
        {mayEdit && (
          <Group gap="xs">
            <Button size="xs" onClick={() => setDialog({ kind: 'spoc' })}>
              Change single point of contact
            </Button>
            <Button size="xs" variant="light" onClick={() => setDialog({ kind: 'add' })}>
              Add team member
            </Button>
          </Group>
        )}
      </Group>
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={4} size="h5">
            Single point of contact
          </Title>
          {spoc ? (
            <Text>
              <strong>{spoc.name}</strong>, {roleLabel(spoc.role)} at {spoc.memberOrgName}, since{' '}
              {formatDate(spoc.startsOn)}
            </Text>
          ) : (
            <Group gap="xs">
              <Badge color="red.9">None</Badge>
              <Text>No one is the enrollee’s single point of contact today.</Text>
            </Group>
          )}
          {spocs.length > (spoc ? 1 : 0) && (
            <StackedTable>
              <VisuallyHidden component="caption">Single points of contact, latest first</VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Organisation</Table.Th>
                  <Table.Th>From</Table.Th>
                  <Table.Th>Until</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {spocs.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{m.name}</Table.Td>
                    <Table.Td>{roleLabel(m.role)}</Table.Td>
                    <Table.Td>{m.memberOrgName}</Table.Td>
                    <Table.Td>{formatDate(m.startsOn)}</Table.Td>
                    <Table.Td>{untilWords(m, today)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </StackedTable>
          )}
        </Stack>
        <Stack gap={4}>
          <Title order={4} size="h5">
            LTS coordinator
          </Title>
          {lts.length === 0 ? (
            <Text>No LTS coordinator on the team. Add one as a team member to record the offer.</Text>
          ) : (
            memberTable(lts, 'LTS coordinators, with the offer and the enrollee’s answer', true)
          )}
        </Stack>
        <Stack gap={4}>
          <Title order={4} size="h5">
            Other members
          </Title>
          {others.length === 0 ? (
            <Text>No other members.</Text>
          ) : (
            memberTable(others, 'Other care team members', false)
          )}
        </Stack>
        <CareTeamTraining enrolleeId={e.id} />
      </Stack>
      <FormModal opened={dialog !== null} onClose={close} title={dialog ? TITLES[dialog.kind] : ''}>
        {dialog?.kind === 'spoc' && <SpocForm enrollee={e} current={spoc} onDone={close} />}
        {dialog?.kind === 'add' && <AddMemberForm enrollee={e} onDone={close} />}
        {dialog?.kind === 'end' && <EndMemberForm enrolleeId={e.id} member={dialog.member} onDone={close} />}
        {dialog?.kind === 'offer' && <OfferForm enrolleeId={e.id} member={dialog.member} onDone={close} />}
        {dialog?.kind === 'answer' && <AnswerForm enrolleeId={e.id} member={dialog.member} onDone={close} />}
      </FormModal>
    </Card>
  );
}
