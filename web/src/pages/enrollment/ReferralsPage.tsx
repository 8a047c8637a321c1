import {
  REFERRAL_DECLINE_REASON_LABELS,
  REFERRAL_STATUSES,
  type ReferralStatus,
} from '@contract/enrollment/assignment.labels.js';
import { longDay } from '@contract/iso-days.js';
import { Alert, Badge, Card, Pagination, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDateTime, formatNumber } from '../../format.js';
import { errorMessage } from '../../forms.js';
import { type ReferralItem, useReferrals } from '../../queries/enrollment-identification.js';
import { can, useSession } from '../../session.js';
import { EnrollmentNav } from './EnrollmentNav.js';
import { ReferralDecision, ReferralForm, ReferralWithdrawal } from './ReferralForms.js';

const STATUS: Record<ReferralStatus, { label: string; color: string }> = {
  pending: { label: 'Waiting for a decision', color: 'blue.9' },
  accepted: { label: 'Accepted', color: 'teal.9' },
  declined: { label: 'Declined', color: 'red.9' },
  withdrawn: { label: 'Withdrawn by the provider', color: 'gray.8' },
};

/** A referral's status, and for a declined one its reason. */
function Status({ r }: { r: ReferralItem }) {
  return (
    <Stack gap={2}>
      <Badge color={STATUS[r.status].color}>{STATUS[r.status].label}</Badge>
      {r.declineReason && <Text size="xs">{REFERRAL_DECLINE_REASON_LABELS[r.declineReason]}</Text>}
      {r.decidedAt && (
        <Text size="xs">
          {formatDateTime(r.decidedAt)}
          {r.decidedByName ? `, ${r.decidedByName}` : ''}
        </Text>
      )}
      {r.decisionNote && <Text size="xs">Note: {r.decisionNote}</Text>}
    </Stack>
  );
}

/**
 * Referrals for Community Partner supports. A provider refers a member and sees what it sent; an ACO or MCO
 * accepts or declines what it received, pending first; a state agency reads every one.
 */
export function ReferralsPage() {
  const session = useSession();
  const [status, setStatus] = useState<ReferralStatus | null>(null);
  const [page, setPage] = useState(1);
  const list = useReferrals({ status, page });
  const maySend = can(session, 'enrollment.referral.send');
  const mayDecide = can(session, 'enrollment.referral.decide');
  const direction = list.data?.direction;
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  return (
    <Stack>
      <Title order={2}>Referrals for Community Partner supports</Title>
      <EnrollmentNav />
      <Text>
        {maySend
          ? 'Refer a member, on their behalf, to their ACO, MCO or plan for Community Partner supports. It accepts the referral, which identifies the member, or declines it with a reason.'
          : 'Providers refer members, on their behalf, for Community Partner supports. Accept a referral to identify the member (their MassHealth ID and date of birth must match your roster), or decline it with a reason the provider will see.'}
      </Text>
      {maySend && (
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">
            Refer a member
          </Title>
          <ReferralForm
            onSent={() => {
              // The list shows the referral just sent, waiting for its decision, first.
              setStatus(null);
              setPage(1);
            }}
          />
        </Card>
      )}
      <Title order={3} size="h4">
        {direction === 'sent'
          ? 'Referrals sent'
          : direction === 'all'
            ? 'Every referral'
            : 'Referrals received'}
      </Title>
      <Select
        label="Status"
        placeholder="Every status"
        clearable
        maw={320}
        data={REFERRAL_STATUSES.map((s) => ({ value: s, label: STATUS[s].label }))}
        value={status}
        onChange={(v) => {
          setStatus(v as ReferralStatus | null);
          setPage(1);
        }}
      />
      {list.isError && (
        <Alert color="red" role="alert">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.data && (
        <Text size="sm" role="status">
          {formatNumber(list.data.total)} {list.data.total === 1 ? 'referral' : 'referrals'}
        </Text>
      )}
      <StackedTable>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Member</Table.Th>
            <Table.Th>{direction === 'sent' ? 'To' : 'From'}</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th>Sent</Table.Th>
            <Table.Th>Status</Table.Th>
            {mayDecide && direction === 'received' && <Table.Th>Decision</Table.Th>}
            {maySend && direction === 'sent' && <Table.Th>Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                {r.givenName} {r.familyName}
                <Text size="xs">MassHealth ID {r.masshealthId}</Text>
                <Text size="xs">Born {longDay(r.dateOfBirth)}</Text>
              </Table.Td>
              <Table.Td>
                {direction === 'sent' ? r.planName : r.fromOrgName}
                {direction === 'all' && <Text size="xs">To {r.planName}</Text>}
              </Table.Td>
              <Table.Td>
                {r.reason}
                {r.cpType && <Text size="xs">CP type asked: {r.cpType}</Text>}
              </Table.Td>
              <Table.Td>
                {formatDateTime(r.createdAt)}
                <Text size="xs">{r.createdByName}</Text>
              </Table.Td>
              <Table.Td>
                <Status r={r} />
              </Table.Td>
              {mayDecide && direction === 'received' && (
                <Table.Td>
                  {r.status === 'pending' && r.version !== undefined ? (
                    <ReferralDecision referral={{ ...r, version: r.version }} />
                  ) : r.status === 'withdrawn' ? (
                    'Withdrawn'
                  ) : (
                    'Decided'
                  )}
                </Table.Td>
              )}
              {maySend && direction === 'sent' && (
                <Table.Td>{r.status === 'pending' && <ReferralWithdrawal referral={r} />}</Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </StackedTable>
      {list.data?.total === 0 && <Text>No referral {direction === 'sent' ? 'sent' : 'here'} yet.</Text>}
      {pages > 1 && (
        <Pagination total={pages} value={page} onChange={setPage} aria-label="Pages of referrals" />
      )}
    </Stack>
  );
}
