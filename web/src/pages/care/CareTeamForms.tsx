import { CARE_TEAM_ROLE_LABELS, CARE_TEAM_ROLES, SPOC_ROLES } from '@contract/care/care.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { Button, Group, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { formatDate } from '../../format.js';
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
import { useFormGuard } from '../../unsaved.js';
import { type Choice, PersonChoice } from './PersonChoice.js';

export const roleLabel = (r: string) => CARE_TEAM_ROLE_LABELS[r as keyof typeof CARE_TEAM_ROLE_LABELS] ?? r;

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

/** Who joins the team, in which part, from which day: the fields the team forms and a transfer ask first. */
export function MemberFields({
  labels,
  roles,
  team,
  v,
  onChange,
  errors,
  offerSelf,
}: {
  labels: { person: string; role: string };
  roles: readonly string[];
  team: EnrolleeView['team'];
  v: { who: Choice | null; role: string; startsOn: string };
  onChange: (change: Partial<{ who: Choice | null; role: string; startsOn: string }>) => void;
  errors: Record<string, string | undefined>;
  offerSelf?: boolean;
}) {
  return (
    <>
      <PersonChoice
        offerSelf={offerSelf}
        label={labels.person}
        team={team}
        role={v.role}
        on={v.startsOn}
        value={v.who}
        onChange={(who) => onChange({ who })}
        error={errors.personId}
      />
      <Select
        label={labels.role}
        name="role"
        required
        data={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
        value={v.role}
        onChange={(r) => onChange({ role: r ?? roles[0]! })}
        allowDeselect={false}
        error={errors.role}
      />
      {dateField('From', 'startsOn', v.startsOn, (startsOn) => onChange({ startsOn }), errors.startsOn)}
    </>
  );
}

export function SpocForm({
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
            {current.name} has been the single point of contact since {formatDate(current.startsOn)}; their
            part ends the day before the new one starts, and stays in the history.
          </Text>
        )}
        <MemberFields
          labels={{ person: 'New single point of contact', role: 'As' }}
          roles={SPOC_ROLES}
          team={enrollee.team}
          v={v}
          onChange={(change) => setV({ ...v, ...change })}
          errors={errors}
        />
        <Button type="submit">Change single point of contact</Button>
      </Stack>
    </form>
  );
}

export function AddMemberForm({ enrollee, onDone }: { enrollee: EnrolleeView; onDone: () => void }) {
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
        <MemberFields
          labels={{ person: 'Person', role: 'Role on the team' }}
          roles={CARE_TEAM_ROLES}
          team={enrollee.team}
          v={v}
          onChange={(change) => setV({ ...v, ...change })}
          errors={errors}
        />
        {dateField('Until', 'endsOn', v.endsOn, (endsOn) => setV({ ...v, endsOn }), errors.endsOn, {
          description: 'Leave empty while they stay on the team',
        })}
        <Button type="submit">Add team member</Button>
      </Stack>
    </form>
  );
}

export function EndMemberForm({
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
    notifySaved(`${member.name} leaves the care team after ${formatDate(endsOn)}`);
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Text>
          {member.name}, {roleLabel(member.role)} since {formatDate(member.startsOn)}.
        </Text>
        {dateField('Last day on the team', 'endsOn', endsOn, setEndsOn, errors.endsOn)}
        <Button type="submit">End membership</Button>
      </Stack>
    </form>
  );
}

export function OfferForm({
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
    // A new offer after a declined one comes after that answer.
    if (member.ltsResponse === 'declined' && member.ltsRespondedOn && offeredOn < member.ltsRespondedOn)
      refuse(
        'offeredOn',
        `Choose a day on or after the declined answer (${formatDate(member.ltsRespondedOn)})`,
      );
    await offer.mutateAsync({ id: member.id, version: member.version, offeredOn });
    notifySaved('LTS coordinator offer recorded');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Text>
          The enrollee was offered {member.name} as their LTS coordinator
          {member.ltsResponse === 'declined'
            ? `, again after declining on ${member.ltsRespondedOn ? formatDate(member.ltsRespondedOn) : 'an earlier day'}`
            : ''}
          .
        </Text>
        {dateField('Offered on', 'offeredOn', offeredOn, setOfferedOn, errors.offeredOn)}
        <Button type="submit">Record offer</Button>
      </Stack>
    </form>
  );
}

export function AnswerForm({
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
          {member.name} was offered on {member.ltsOfferedOn && formatDate(member.ltsOfferedOn)}.
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
