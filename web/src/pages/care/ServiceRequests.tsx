import { CONTACT_MODE_LABELS } from '@contract/care/care.labels.js';
import {
  APPEAL_OUTCOME_LABELS,
  DENIAL_REASON_LABELS,
  hoursLeftWords,
  NEXT_LEVEL_LABELS,
  RECEIVED_VIA_LABELS,
  REQUEST_DECISION_LABELS,
  REQUEST_PRIORITY_LABELS,
  REQUESTER_LABELS,
  UPDATE_RECIPIENT_LABELS,
} from '@contract/care/requests.labels.js';
import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDate, formatDateTime, plural } from '../../format.js';
import { type RequestView, useServiceRequests } from '../../queries/care-requests.js';
import { FormModal } from '../../unsaved.js';
import { AppealDecisionForm, AppealForm, NextLevelForm } from './AppealForms.js';
import { withDays } from './days.js';
import { Part2Badge } from './Part2.js';
import { DecisionForm, RequestForm, UpdateForm } from './ServiceRequestForms.js';

type Clock = RequestView['clock'];
type Form = 'decide' | 'update' | 'appeal' | 'appealDecision' | 'nextLevel';

/** Where a decision clock stands, in words: hours left, overdue, or met (on time or late). */
function ClockLine({ clock, what }: { clock: Clock; what: string }) {
  if (clock.met)
    return (
      <Text size="sm">
        {what} decided {formatDateTime(clock.met.decidedAt)}, after{' '}
        {plural(clock.met.hoursToDecision, 'hour')}: {clock.met.onTime ? 'on time' : <strong>late</strong>} (
        {clock.ruleLabel})
      </Text>
    );
  return (
    <Stack gap={2}>
      <Group gap="xs">
        <Text size="sm" fw={700}>
          {what} due by {formatDateTime(clock.dueAt)}
        </Text>
        <Badge color={clock.overdue ? 'red.9' : (clock.hoursLeft ?? 0) < 24 ? 'orange.9' : 'gray.8'}>
          {hoursLeftWords(clock.hoursLeft ?? 0)}
        </Badge>
      </Group>
      <Text size="sm">{withDays(clock.explanation)}</Text>
    </Stack>
  );
}

/**
 * The enrollee's service requests (issue 20): each with its decision clock (the deadline in words, the hours
 * left and the rule version that set it), the decision and its notice, the updates given, and the appeal. A
 * Community Partner records and follows them; the plan decides, and a partner is told why it may not.
 */
export function ServiceRequests({ enrolleeId, mayRecord }: { enrolleeId: string; mayRecord: boolean }) {
  const requests = useServiceRequests(enrolleeId);
  const [recording, setRecording] = useState(false);
  const items = requests.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="requests-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="requests-heading">
          Service requests
        </Title>
        {mayRecord && (
          <Button size="xs" variant="light" onClick={() => setRecording(true)}>
            Record a request
          </Button>
        )}
      </Group>
      <Stack>
        {requests.error && <Alert color="red">{requests.error.message}</Alert>}
        <Text size="sm" aria-live="polite">
          {requests.data
            ? items.length === 0
              ? 'No service requests recorded.'
              : plural(items.length, 'service request')
            : 'Loading…'}
        </Text>
        {items.map((r) => (
          <RequestCard key={r.id} request={r} mayRecord={mayRecord} />
        ))}
      </Stack>
      <FormModal
        opened={recording}
        onClose={() => setRecording(false)}
        title="Record a service request"
        size="lg"
      >
        <RequestForm enrolleeId={enrolleeId} onDone={() => setRecording(false)} />
      </FormModal>
    </Card>
  );
}

function RequestCard({ request: r, mayRecord }: { request: RequestView; mayRecord: boolean }) {
  const [form, setForm] = useState<Form | null>(null);
  const close = () => setForm(null);
  const headingId = `request-${r.id}`;
  const d = r.decision;
  const a = r.appeal;
  const mayDecide = r.decideRefusal === null;
  const titles: Record<Form, string> = {
    decide: `Decide: ${r.service}`,
    update: 'Record an update given',
    appeal: 'Record an appeal',
    appealDecision: 'Decide the appeal',
    nextLevel: 'Record the next level',
  };
  return (
    <Card withBorder component="article" aria-labelledby={headingId} padding="sm">
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={4} size="h5" id={headingId}>
            {r.service}
          </Title>
          <Badge variant="outline" color={r.priority === 'expedited' ? 'red.9' : 'gray.8'}>
            {REQUEST_PRIORITY_LABELS[r.priority]}
          </Badge>
          {r.part2 && <Part2Badge />}
          <Badge color={d ? (d.decision === 'approved' ? '#1e6b30' : 'red.9') : 'blue.9'}>
            {d ? REQUEST_DECISION_LABELS[d.decision] : 'Open'}
          </Badge>
        </Group>
        <Text size="sm">
          Received {formatDateTime(r.receivedAt)} by {RECEIVED_VIA_LABELS[r.receivedVia].toLowerCase()}, asked
          by {REQUESTER_LABELS[r.requestedBy].toLowerCase()}; recorded by {r.recordedByName} (
          {r.recordedForOrgName})
        </Text>
        {r.details && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {r.details}
          </Text>
        )}
        <ClockLine clock={r.clock} what="Decision" />
        {d && (
          <Text size="sm">
            {REQUEST_DECISION_LABELS[d.decision]} by {d.decidedByName}
            {d.denialReason ? `: ${DENIAL_REASON_LABELS[d.denialReason]}` : ''}. {d.explanation}{' '}
            {d.notice && (
              <Anchor href={d.notice.url} target="_blank">
                Notice sent {formatDate(d.noticeSentOn)} (PDF)
              </Anchor>
            )}
          </Text>
        )}
        {r.appealWindow && <Text size="sm">{withDays(r.appealWindow.explanation)}</Text>}
        {a && (
          <Stack gap={2}>
            <Text size="sm" fw={700}>
              Appeal ({REQUEST_PRIORITY_LABELS[a.priority].toLowerCase()}) filed {formatDateTime(a.filedAt)}
              {a.filing.onTime ? '' : ', after the deadline'}
              {a.filing.benefitsContinue ? ': the service continues while it is decided' : ''}
            </Text>
            <Text size="sm">{withDays(a.filing.explanation)}</Text>
            <ClockLine clock={a.clock} what="Appeal decision" />
            {a.decision && (
              <Text size="sm">
                {APPEAL_OUTCOME_LABELS[a.decision.outcome]}. {a.decision.explanation}
              </Text>
            )}
            {a.nextLevel && (
              <Text size="sm">
                {a.nextLevel.level
                  ? `${NEXT_LEVEL_LABELS[a.nextLevel.level]} asked ${formatDate(a.nextLevel.requestedOn ?? '')}${a.nextLevel.onTime ? '' : ', late'}.`
                  : withDays(a.nextLevel.explanation)}
              </Text>
            )}
          </Stack>
        )}
        {r.updates.length > 0 && (
          <List size="sm" aria-label="Updates given">
            {r.updates.map((u) => (
              <List.Item key={u.id}>
                {formatDateTime(u.communicatedAt)}, {CONTACT_MODE_LABELS[u.mode].toLowerCase()} to{' '}
                {UPDATE_RECIPIENT_LABELS[u.communicatedTo].toLowerCase()} ({u.recordedByName}): {u.summary}
              </List.Item>
            ))}
          </List>
        )}
        <Group gap="xs">
          {!d && mayDecide && (
            <Button size="xs" onClick={() => setForm('decide')}>
              Decide
            </Button>
          )}
          {mayRecord && (
            <Button size="xs" variant="default" onClick={() => setForm('update')}>
              Record an update
            </Button>
          )}
          {mayRecord && r.appealWindow && (
            <Button size="xs" variant="default" onClick={() => setForm('appeal')}>
              Record an appeal
            </Button>
          )}
          {a && !a.decision && mayDecide && (
            <Button size="xs" onClick={() => setForm('appealDecision')}>
              Decide the appeal
            </Button>
          )}
          {mayRecord && a?.nextLevel && !a.nextLevel.level && (
            <Button size="xs" variant="default" onClick={() => setForm('nextLevel')}>
              Record the next level
            </Button>
          )}
        </Group>
        {!mayDecide && (!d || (a && !a.decision)) && <Text size="sm">{r.decideRefusal}</Text>}
      </Stack>
      <FormModal opened={form !== null} onClose={close} title={form ? titles[form] : ''} size="lg">
        {form === 'decide' && <DecisionForm request={r} onDone={close} />}
        {form === 'update' && <UpdateForm request={r} onDone={close} />}
        {form === 'appeal' && <AppealForm request={r} onDone={close} />}
        {form === 'appealDecision' && <AppealDecisionForm request={r} onDone={close} />}
        {form === 'nextLevel' && <NextLevelForm request={r} onDone={close} />}
      </FormModal>
    </Card>
  );
}
