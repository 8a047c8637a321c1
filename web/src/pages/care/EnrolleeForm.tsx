import {
  ACCESSIBLE_FORMAT_LABELS,
  ACCESSIBLE_FORMATS,
  SEX_LABELS,
  SEXES,
} from '@contract/care/care.schemas.js';
import { MASSACHUSETTS_COUNTIES } from '@contract/organisations/counties.js';
import { Button, Checkbox, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { FormError } from '../../components/FormError.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { type EnrolleeView, useCreateEnrollee, useUpdateEnrollee } from '../../queries/care.js';
import { useFormGuard } from '../../unsaved.js';

const TEXT_FIELDS = [
  'masshealthId',
  'mbi',
  'givenName',
  'familyName',
  'dateOfBirth',
  'addressLine1',
  'addressLine2',
  'town',
  'postalCode',
  'phone',
  'email',
  'preferredLanguage',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

function initial(e?: EnrolleeView) {
  const text = Object.fromEntries(TEXT_FIELDS.map((k) => [k, e?.[k] ?? ''])) as Record<TextField, string>;
  return {
    ...text,
    sex: (e?.sex ?? 'unknown') as string,
    county: e?.county ?? null,
    accessibleFormats: (e?.accessibleFormats ?? []) as string[],
  };
}

/** An empty optional field is sent as null ("not recorded"), never as an empty string to be refused. */
const orNull = (s: string) => (s.trim() === '' ? null : s);

/**
 * The enrollee's identity and contact details: a new enrollee (`enrollee` absent) or a change to one, sent
 * with the version it was read at, so a change made meanwhile by someone else is refused, not overwritten.
 */
export function EnrolleeForm({ enrollee, onDone }: { enrollee?: EnrolleeView; onDone: () => void }) {
  const create = useCreateEnrollee();
  const update = useUpdateEnrollee(enrollee?.id ?? '');
  const navigate = useNavigate();
  const [v, setV] = useState(() => initial(enrollee));
  const saved = useFormGuard(v);
  const set = (k: TextField) => (e: { currentTarget: { value: string } }) =>
    setV({ ...v, [k]: e.currentTarget.value });
  const { errors, formError, submit } = useSubmit(async () => {
    const body = {
      masshealthId: v.masshealthId,
      mbi: orNull(v.mbi),
      givenName: v.givenName,
      familyName: v.familyName,
      dateOfBirth: v.dateOfBirth,
      sex: v.sex,
      addressLine1: orNull(v.addressLine1),
      addressLine2: orNull(v.addressLine2),
      town: orNull(v.town),
      postalCode: orNull(v.postalCode),
      county: v.county,
      phone: orNull(v.phone),
      email: orNull(v.email),
      preferredLanguage: orNull(v.preferredLanguage),
      accessibleFormats: v.accessibleFormats,
    };
    if (enrollee) {
      await update.mutateAsync({ version: enrollee.version, patch: body });
      notifySaved('Enrollee details saved');
      saved();
      onDone();
    } else {
      const res = await create.mutateAsync(body);
      notifySaved('Enrollee added');
      saved();
      onDone();
      navigate(`/care/enrollees/${res.id}`);
    }
  });
  const text = (k: TextField, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput label={label} name={k} value={v[k]} onChange={set(k)} error={errors[k]} {...extra} />
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('givenName', 'Given name', { required: true, autoComplete: 'off' })}
          {text('familyName', 'Family name', { required: true, autoComplete: 'off' })}
          {text('masshealthId', 'MassHealth ID', {
            required: true,
            description: '12 digits; spaces and dashes are fine',
            inputMode: 'numeric',
          })}
          {text('mbi', 'Medicare MBI', { description: '11 characters, if the enrollee has Medicare' })}
          {text('dateOfBirth', 'Date of birth', { required: true, type: 'date' })}
          <Select
            label="Sex"
            name="sex"
            data={SEXES.map((s) => ({ value: s, label: SEX_LABELS[s] }))}
            value={v.sex}
            onChange={(s) => setV({ ...v, sex: s ?? 'unknown' })}
            allowDeselect={false}
            error={errors.sex}
          />
          {text('addressLine1', 'Address', { autoComplete: 'off' })}
          {text('addressLine2', 'Address line 2', { autoComplete: 'off' })}
          {text('town', 'Town or city')}
          {text('postalCode', 'ZIP code', { inputMode: 'numeric' })}
          <Select
            label="County"
            name="county"
            placeholder="Not recorded"
            data={[...MASSACHUSETTS_COUNTIES]}
            value={v.county}
            onChange={(c) => setV({ ...v, county: c })}
            clearable
            searchable
            error={errors.county}
          />
          {text('phone', 'Phone', { type: 'tel' })}
          {text('email', 'E-mail address', { type: 'email' })}
          {text('preferredLanguage', 'Preferred language', { placeholder: 'e.g. Spanish, Haitian Creole' })}
        </SimpleGrid>
        <Checkbox.Group
          label="Accessible formats"
          description="How the enrollee needs letters, meetings and materials"
          value={v.accessibleFormats}
          onChange={(f) => setV({ ...v, accessibleFormats: f })}
          error={errors.accessibleFormats}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
            {ACCESSIBLE_FORMATS.map((f) => (
              <Checkbox key={f} value={f} label={ACCESSIBLE_FORMAT_LABELS[f]} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group justify="flex-end">
          <Button type="submit">{enrollee ? 'Save details' : 'Add enrollee'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
