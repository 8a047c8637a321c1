import type { QualificationListItem as Row } from '@contract/people/people.schemas.js';
import { Checkbox, Group, NumberInput, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ListTable } from '../components/ListTable.js';
import { peopleKeys } from '../queries/people.js';
import { expiryBadge } from './PersonPage.js';

export function QualificationsPage() {
  const [q, setQ] = useState('');
  const [days, setDays] = useState<number | string>(60);
  const [includeExpired, setIncludeExpired] = useState(false);
  const [debounced] = useDebouncedValue(q, 300);
  return (
    <Stack>
      <Title order={2}>Qualifications</Title>
      <Group align="flex-end">
        <TextInput
          label="Search"
          placeholder="Person or qualification"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={260}
        />
        <NumberInput
          label="Expiring within (days)"
          description="Leave empty for all"
          min={0}
          max={3650}
          value={days}
          onChange={setDays}
          w={200}
        />
        <Checkbox
          label="Include expired"
          checked={includeExpired}
          onChange={(e) => setIncludeExpired(e.currentTarget.checked)}
          mb={8}
        />
      </Group>
      <ListTable<Row>
        caption="Licences and certifications"
        url={peopleKeys.qualifications[0]}
        exportUrl="/api/qualifications/export"
        filters={{
          q: debounced,
          expiringWithinDays: days === '' ? undefined : Number(days),
          includeExpired: includeExpired || undefined,
        }}
        defaultSort="expiresOn"
        columns={[
          {
            key: 'person',
            header: 'Person',
            sort: 'familyName',
            render: (r) => <Link to={`/people/${r.personId}`}>{`${r.familyName}, ${r.givenName}`}</Link>,
          },
          { key: 'name', header: 'Qualification', sort: 'name', render: (r) => r.name },
          { key: 'issuer', header: 'Issuer', render: (r) => r.issuer },
          { key: 'expires', header: 'Expiry', sort: 'expiresOn', render: (r) => expiryBadge(r.expiresOn) },
        ]}
      />
    </Stack>
  );
}
