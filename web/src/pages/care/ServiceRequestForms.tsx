// The forms of a service request: recording it, deciding it (the plan) and an update given (appeals are in
// AppealForms.tsx). Each says what is wrong on the field, and asks before unsaved changes are lost.
import { CONTACT_MODE_LABELS, CONTACT_MODES } from '@contract/care/care.labels.js';
import {
  DENIAL_REASON_LABELS,
  DENIAL_REASONS,
  isAdverse,
  RECEIVED_VIA,
  RECEIVED_VIA_LABELS,
  REQUEST_DECISION_LABELS,
  REQUEST_DECISIONS,
  REQUEST_PRIORITIES,
  REQUEST_PRIORITY_LABELS,
  REQUESTER_LABELS,
  REQUESTERS,
  UPDATE_RECIPIENT_LABELS,
  UPDATE_RECIPIENTS,
} from '@contract/care/requests.labels.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { Group, Radio, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import {
  type RequestView,
  useDecideRequest,
  useRecordRequest,
  useRecordUpdate,
} from '../../queries/care-requests.js';
import { useFormGuard } from '../../unsaved.js';
import { Part2Checkbox } from './Part2.js';
import { clockNow, DayTime, instantOf, options, Submit } from './request-fields.js';

export function RequestForm({ enrolleeId, onDone }: { enrolleeId: string; onDone: () => void }) {
  const record = useRecordRequest(enrolleeId);
  const [v, setV] = useState({
    service: '',
    details: '',
    priority: 'standard',
    day: massachusettsToday(),
    time: clockNow(),
    receivedVia: 'phone',
    requestedBy: 'enrollee',
    part2: false,
  });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(
    async () => {
      if (!v.service.trim()) refuse('service', 'Say what is asked for');
      const receivedAt = instantOf(v.day, v.time, 'the plan got the request');
      const r = await record.mutateAsync({ ...v, receivedAt });
      notifySaved(`Request recorded: ${r.clock.explanation}`);
      saved();
      onDone();
    },
    { receivedAt: 'day' },
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={formError} />
        <TextInput
          label="Service asked for"
          name="service"
          required
          value={v.service}
          onChange={(e) => setV({ ...v, service: e.currentTarget.value })}
          error={errors.service}
        />
        <Radio.Group
          label="Priority"
          name="priority"
          required
          description="Expedited when waiting could seriously harm the member’s health: decided within 72 hours"
          value={v.priority}
          onChange={(priority) => setV({ ...v, priority })}
          error={errors.priority}
        >
          <Group mt="xs">
            {REQUEST_PRIORITIES.map((p) => (
              <Radio key={p} value={p} label={REQUEST_PRIORITY_LABELS[p]} />
            ))}
          </Group>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DayTime v={v} set={(p) => setV({ ...v, ...p })} errors={errors} dayLabel="Day received" />
          <Select
            label="Received by"
            name="receivedVia"
            required
            allowDeselect={false}
            data={options(RECEIVED_VIA, RECEIVED_VIA_LABELS)}
            value={v.receivedVia}
            onChange={(x) => setV({ ...v, receivedVia: x ?? 'phone' })}
            error={errors.receivedVia}
          />
          <Select
            label="Asked by"
            name="requestedBy"
            required
            allowDeselect={false}
            data={options(REQUESTERS, REQUESTER_LABELS)}
            value={v.requestedBy}
            onChange={(x) => setV({ ...v, requestedBy: x ?? 'enrollee' })}
            error={errors.requestedBy}
          />
        </SimpleGrid>
        <Textarea
          label="Details"
          name="details"
          autosize
          minRows={2}
          value={v.details}
          onChange={(e) => setV({ ...v, details: e.currentTarget.value })}
          error={errors.details}
        />
        <Part2Checkbox checked={v.part2} onChange={(part2) => setV({ ...v, part2 })} />
        <Submit pending={record.isPending}>Record request</Submit>
      </Stack>
    </form>
  );
}

export function DecisionForm({ request, onDone }: { request: RequestView; onDone: () => void }) {
  const decide = useDecideRequest(request);
  const [v, setV] = useState({
    decision: '',
    denialReason: '',
    explanation: '',
    noticeSentOn: massachusettsToday(),
  });
  const saved = useFormGuard(v);
  const adverse = isAdverse(v.decision as never);
  const { errors, formError, submit } = useSubmit(async () => {
    if (!v.decision) refuse('decision', 'Choose the decision');
    if (adverse && !v.denialReason) refuse('denialReason', 'Choose the reason from the list');
    const r = await decide.mutateAsync({
      decision: v.decision,
      denialReason: adverse ? v.denialReason : null,
      explanation: v.explanation,
      noticeSentOn: v.noticeSentOn,
    });
    notifySaved(`Decision recorded. ${r.notice.message}`);
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={formError} />
        <Radio.Group
          label="Decision"
          name="decision"
          required
          value={v.decision}
          onChange={(decision) => setV({ ...v, decision })}
          error={errors.decision}
        >
          <Group mt="xs">
            {REQUEST_DECISIONS.map((d) => (
              <Radio key={d} value={d} label={REQUEST_DECISION_LABELS[d]} />
            ))}
          </Group>
        </Radio.Group>
        {adverse && (
          <Select
            label="Reason"
            name="denialReason"
            required
            description="Printed on the notice in the member’s language"
            data={options(DENIAL_REASONS, DENIAL_REASON_LABELS)}
            value={v.denialReason || null}
            onChange={(x) => setV({ ...v, denialReason: x ?? '' })}
            error={errors.denialReason}
          />
        )}
        <Textarea
          label="Explanation for the member"
          name="explanation"
          required={adverse}
          description="In plain words: what was approved, what was not and why"
          autosize
          minRows={3}
          value={v.explanation}
          onChange={(e) => setV({ ...v, explanation: e.currentTarget.value })}
          error={errors.explanation}
        />
        <TextInput
          label="Day the notice is sent"
          name="noticeSentOn"
          type="date"
          required
          description="The appeal deadlines run from this day"
          value={v.noticeSentOn}
          onChange={(e) => setV({ ...v, noticeSentOn: e.currentTarget.value })}
          error={errors.noticeSentOn}
        />
        <Submit pending={decide.isPending}>Record decision</Submit>
      </Stack>
    </form>
  );
}

export function UpdateForm({ request, onDone }: { request: RequestView; onDone: () => void }) {
  const record = useRecordUpdate(request);
  const [v, setV] = useState({
    day: massachusettsToday(),
    time: clockNow(),
    mode: 'phone',
    communicatedTo: 'enrollee',
    summary: '',
  });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(
    async () => {
      if (!v.summary.trim()) refuse('summary', 'Say what was told');
      const communicatedAt = instantOf(v.day, v.time, 'the update was given');
      await record.mutateAsync({
        mode: v.mode,
        communicatedTo: v.communicatedTo,
        summary: v.summary,
        communicatedAt,
      });
      notifySaved('Update recorded');
      saved();
      onDone();
    },
    { communicatedAt: 'day' },
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DayTime v={v} set={(p) => setV({ ...v, ...p })} errors={errors} dayLabel="Day given" />
          <Select
            label="How"
            name="mode"
            required
            allowDeselect={false}
            data={options(CONTACT_MODES, CONTACT_MODE_LABELS)}
            value={v.mode}
            onChange={(x) => setV({ ...v, mode: x ?? 'phone' })}
            error={errors.mode}
          />
          <Select
            label="To"
            name="communicatedTo"
            required
            allowDeselect={false}
            data={options(UPDATE_RECIPIENTS, UPDATE_RECIPIENT_LABELS)}
            value={v.communicatedTo}
            onChange={(x) => setV({ ...v, communicatedTo: x ?? 'enrollee' })}
            error={errors.communicatedTo}
          />
        </SimpleGrid>
        <Textarea
          label="What was said"
          name="summary"
          required
          autosize
          minRows={2}
          value={v.summary}
          onChange={(e) => setV({ ...v, summary: e.currentTarget.value })}
          error={errors.summary}
        />
        <Submit pending={record.isPending}>Record update</Submit>
      </Stack>
    </form>
  );
}
