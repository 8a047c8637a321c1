import { AUDIT_RECORD_TYPE_LABELS, auditRecordTypeLabel } from '@contract/audit.labels.js';
import type { AuditEntryView } from '@contract/audit.schemas.js';
import { Checkbox, Code, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ListTable } from '../components/ListTable.js';
import { formatDateTime } from '../format.js';
import { can, useSession } from '../session.js';

/** The kinds of record the trail names, by their names in words. */
const RECORD_TYPES = Object.entries(AUDIT_RECORD_TYPE_LABELS)
  .map(([value, label]) => ({ value, label }))
  .sort((a, b) => a.label.localeCompare(b.label));

export function AuditPage() {
  const session = useSession();
  // A record's page links here with its type and id (`?entityType=…&entityId=…`).
  const [params] = useSearchParams();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [entityType, setEntityType] = useState(params.get('entityType') ?? '');
  const [entityId, setEntityId] = useState(params.get('entityId') ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Someone who may read only sign-in events (no organisation's trail) sees those.
  const [platform, setPlatform] = useState(!can(session, 'audit.read'));
  const [debouncedActor] = useDebouncedValue(actor, 300);
  const iso = (d: string, end = false) =>
    d ? new Date(`${d}T${end ? '23:59:59' : '00:00:00'}`).toISOString() : undefined;
  return (
    <Stack>
      <Title order={2}>Audit log</Title>
      <Group align="flex-end">
        <TextInput
          label="Who"
          placeholder="Part of a name"
          value={actor}
          onChange={(e) => setActor(e.currentTarget.value)}
          w={200}
        />
        <TextInput
          label="Action"
          placeholder="read, create, update…"
          value={action}
          onChange={(e) => setAction(e.currentTarget.value.trim())}
          w={180}
        />
        <Select
          label="Record type"
          placeholder="Any"
          data={RECORD_TYPES}
          value={entityType || null}
          onChange={(v) => setEntityType(v ?? '')}
          searchable
          clearable
          nothingFoundMessage="No record type by that name"
          w={220}
        />
        <TextInput
          label="Record ID"
          description="Also finds the lists that showed it"
          placeholder="An id from a record's page"
          value={entityId}
          onChange={(e) => setEntityId(e.currentTarget.value.trim())}
          w={300}
        />
        <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        {can(session, 'audit.readPlatform') && can(session, 'audit.read') && (
          <Checkbox
            label="Sign-in events"
            checked={platform}
            onChange={(e) => setPlatform(e.currentTarget.checked)}
            mb={8}
          />
        )}
      </Group>
      <ListTable<AuditEntryView>
        caption="Audit log entries, newest first"
        url="/api/audit"
        exportUrl="/api/audit/export"
        filters={{
          actor: debouncedActor,
          action,
          entityType,
          entityId: entityId || undefined,
          from: iso(from),
          to: iso(to, true),
          platform: platform || undefined,
        }}
        defaultDir="desc"
        columns={[
          { key: 'at', header: 'When', render: (e) => formatDateTime(e.at) },
          { key: 'who', header: 'Who', render: (e) => e.actorName },
          { key: 'action', header: 'Action', render: (e) => e.action },
          {
            key: 'what',
            header: 'Record',
            render: (e) =>
              `${auditRecordTypeLabel(e.entityType)}${e.entityId ? ` ${e.entityId.slice(0, 8)}` : ''}`,
          },
          { key: 'ip', header: 'From', render: (e) => e.ip },
          {
            key: 'details',
            header: 'Details',
            render: (e) =>
              e.details ? <AuditDetails details={e.details as Record<string, unknown>} /> : null,
          },
        ]}
      />
    </Stack>
  );
}

/**
 * An entry's details in words where Concord knows them (personal health information, how many records a list
 * showed, another organisation's reader); the rest as recorded.
 */
function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const { phi, ids, actorOrgId, ...rest } = details;
  const said = [
    phi === true ? 'Health information' : null,
    Array.isArray(ids) ? `${ids.length} record${ids.length === 1 ? '' : 's'} shown` : null,
    typeof actorOrgId === 'string' ? 'By someone at another organisation' : null,
  ].filter(Boolean);
  return (
    <Stack gap={2}>
      {said.length > 0 && <Text size="sm">{said.join(' · ')}</Text>}
      {Object.keys(rest).length > 0 && <Code>{JSON.stringify(rest).slice(0, 120)}</Code>}
    </Stack>
  );
}
