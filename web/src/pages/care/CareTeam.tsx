import { CARE_TEAM_ROLE_LABELS, CARE_TEAM_ROLES, SPOC_ROLES } from '@contract/care/care.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import {
  Badge,
  Button,
  Card,
  Group,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { StackedTable } from '../../components/StackedTable.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import {
  type EnrolleeView,
  type TeamMemberView,
  useAddTeamMember,
  useChangeSpoc,
  useEndTeamMember,
  useRecordLtsOffer,
  useRecordLtsResponse,
} from '../../queries/care.js';
import { FormModal, useFormGuard } from '../../unsaved.js';
import { type Choice, PersonChoice } from './PersonChoice.js';

const roleLabel = (r: string) => CARE_TEAM_ROLE_LABELS[r as keyof typeof CARE_TEAM_ROLE_LABELS] ?? r;
const current = (m: TeamMemberView, today: string) => m.startsOn <= today && (!m.endsOn || m.endsOn >= today);
const byStartDesc = (a: TeamMemberView, b: TeamMemberView) => b.startsOn.localeCompare(a.startsOn);

/** What happened to the offer of an LTS coordinator, in words. */
export function ltsOfferWords(m: TeamMemberView) {
  if (!m.ltsOfferedOn) return 'Not offered yet';
  const offered = `Offered ${m.ltsOfferedOn}`;
  if (m.ltsResponse === 'accepted') return `${offered}; accepted ${m.ltsRespondedOn ?? ''}`.trim();
  if (m.ltsResponse === 'declined') return `${offered}; declined ${m.ltsRespondedOn ?? ''}`.trim();
  return `${offered}; no answer yet`;
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
    if (m.role === 'lts_coordinator' && !m.ltsOfferedOn)
      buttons.push(
        <Button
          key="offer"
          size="compact-xs"
          variant="default"
          onClick={() => setDialog({ kind: 'offer', member: m })}
        >
          Record offer{who}
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
            <Table.Td>{m.startsOn}</Table.Td>
            <Table.Td>{m.endsOn ?? 'current'}</Table.Td>
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
              {spoc.startsOn}
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
                    <Table.Td>{m.startsOn}</Table.Td>
                    <Table.Td>{m.endsOn ?? 'current'}</Table.Td>
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

function dateField(
  label: string,
  name: string,
  value: string,
  onChange: (v: string) => void,
  error: string | undefined,
  extra: { required?: boolean; description?: string } = { required: true },
) {
  return (
    <TextInput
      label={label}
      name={name}
      type="date"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      {...extra}
    />
  );
}

function SpocForm({
  enrollee,
  current,
  onDone,
}: {
  enrollee: EnrolleeView;
  current: TeamMemberView | null;
  onDone: () => void;
}) {
  const change = useChangeSpoc(enrollee.id);
  const [v, setV] = useState<{ who: Choice | null; role: string; startsOn: string }>({
    who: null,
    role: 'care_coordinator',
    startsOn: massachusettsToday(),
  });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    if (!v.who) refuse('personId', 'Choose who becomes the single point of contact');
    await change.mutateAsync({ ...v.who, role: v.role, startsOn: v.startsOn });
    notifySaved('Single point of contact changed');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        {current && (
          <Text size="sm">
            {current.name} has been the single point of contact since {current.startsOn}; their part ends the
            day before the new one starts, and stays in the history.
          </Text>
        )}
        <PersonChoice
          label="New single point of contact"
          team={enrollee.team}
          value={v.who}
          onChange={(who) => setV({ ...v, who })}
          error={errors.personId}
        />
        <Select
          label="As"
          name="role"
          required
          data={SPOC_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
          value={v.role}
          onChange={(r) => setV({ ...v, role: r ?? 'care_coordinator' })}
          allowDeselect={false}
          error={errors.role}
        />
        {dateField('From', 'startsOn', v.startsOn, (startsOn) => setV({ ...v, startsOn }), errors.startsOn)}
        <Button type="submit">Change single point of contact</Button>
      </Stack>
    </form>
  );
}

function AddMemberForm({ enrollee, onDone }: { enrollee: EnrolleeView; onDone: () => void }) {
  const add = useAddTeamMember(enrollee.id);
  const [v, setV] = useState<{ who: Choice | null; role: string; startsOn: string; endsOn: string }>({
    who: null,
    role: 'pcp',
    startsOn: massachusettsToday(),
    endsOn: '',
  });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    if (!v.who) refuse('personId', 'Choose who joins the care team');
    await add.mutateAsync({ ...v.who, role: v.role, startsOn: v.startsOn, endsOn: v.endsOn || null });
    notifySaved(`${roleLabel(v.role)} added to the care team`);
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <PersonChoice
          label="Person"
          team={enrollee.team}
          value={v.who}
          onChange={(who) => setV({ ...v, who })}
          error={errors.personId}
        />
        <Select
          label="Role on the team"
          name="role"
          required
          data={CARE_TEAM_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
          value={v.role}
          onChange={(r) => setV({ ...v, role: r ?? 'pcp' })}
          allowDeselect={false}
          error={errors.role}
        />
        {dateField('From', 'startsOn', v.startsOn, (startsOn) => setV({ ...v, startsOn }), errors.startsOn)}
        {dateField('Until', 'endsOn', v.endsOn, (endsOn) => setV({ ...v, endsOn }), errors.endsOn, {
          description: 'Leave empty while they stay on the team',
        })}
        <Button type="submit">Add team member</Button>
      </Stack>
    </form>
  );
}

function EndMemberForm({
  enrolleeId,
  member,
  onDone,
}: {
  enrolleeId: string;
  member: TeamMemberView;
  onDone: () => void;
}) {
  const end = useEndTeamMember(enrolleeId);
  const [endsOn, setEndsOn] = useState(member.endsOn ?? massachusettsToday());
  const saved = useFormGuard(endsOn);
  const { errors, formError, submit } = useSubmit(async () => {
    await end.mutateAsync({ id: member.id, version: member.version, endsOn });
    notifySaved(`${member.name} leaves the care team after ${endsOn}`);
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Text>
          {member.name}, {roleLabel(member.role)} since {member.startsOn}.
        </Text>
        {dateField('Last day on the team', 'endsOn', endsOn, setEndsOn, errors.endsOn)}
        <Button type="submit">End membership</Button>
      </Stack>
    </form>
  );
}

function OfferForm({
  enrolleeId,
  member,
  onDone,
}: {
  enrolleeId: string;
  member: TeamMemberView;
  onDone: () => void;
}) {
  const offer = useRecordLtsOffer(enrolleeId);
  const [offeredOn, setOfferedOn] = useState(massachusettsToday());
  const saved = useFormGuard(offeredOn);
  const { errors, formError, submit } = useSubmit(async () => {
    await offer.mutateAsync({ id: member.id, version: member.version, offeredOn });
    notifySaved('LTS coordinator offer recorded');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Text>The enrollee was offered {member.name} as their LTS coordinator.</Text>
        {dateField('Offered on', 'offeredOn', offeredOn, setOfferedOn, errors.offeredOn)}
        <Button type="submit">Record offer</Button>
      </Stack>
    </form>
  );
}

function AnswerForm({
  enrolleeId,
  member,
  onDone,
}: {
  enrolleeId: string;
  member: TeamMemberView;
  onDone: () => void;
}) {
  const answer = useRecordLtsResponse(enrolleeId);
  const [v, setV] = useState({ response: '', respondedOn: massachusettsToday() });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    if (!v.response) refuse('response', 'Choose whether the enrollee accepted or declined');
    await answer.mutateAsync({ id: member.id, version: member.version, ...v });
    notifySaved(`The enrollee ${v.response} the LTS coordinator`);
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Text>
          {member.name} was offered on {member.ltsOfferedOn}.
        </Text>
        <Radio.Group
          label="The enrollee"
          name="response"
          required
          value={v.response}
          onChange={(response) => setV({ ...v, response })}
          error={errors.response}
        >
          <Group mt="xs">
            <Radio value="accepted" label="Accepted" aria-invalid={Boolean(errors.response) || undefined} />
            <Radio value="declined" label="Declined" aria-invalid={Boolean(errors.response) || undefined} />
          </Group>
        </Radio.Group>
        {dateField(
          'Answered on',
          'respondedOn',
          v.respondedOn,
          (respondedOn) => setV({ ...v, respondedOn }),
          errors.respondedOn,
        )}
        <Button type="submit">Record answer</Button>
      </Stack>
    </form>
  );
}
