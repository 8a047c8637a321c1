// What the service request forms share: choices from labels, a day and time (Massachusetts) as one instant,
// and the submit row.
import { massachusettsInstant } from '@contract/massachusetts-day.js';
import { Button, Group, TextInput } from '@mantine/core';
import { refuse } from '../../forms.js';

export const options = <K extends string>(keys: readonly K[], labels: Record<K, string>) =>
  keys.map((value) => ({ value, label: labels[value] }));
export const FILER_LABELS = {
  enrollee: 'The enrollee',
  representative: 'Their representative',
  provider: 'A provider',
};

/** The time of day in Massachusetts now (HH:MM), for a time field. */
export function clockNow() {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date())
      .map((x) => [x.type, x.value]),
  );
  return `${p.hour}:${p.minute}`;
}

/** A day and a time (Massachusetts) as one instant; refused on the day's field when either is missing. */
export function instantOf(day: string, time: string, what: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) refuse('day', `Enter the day ${what}`);
  if (!/^\d{2}:\d{2}$/.test(time)) refuse('time', `Enter the time ${what}`);
  const at = massachusettsInstant(day, time);
  if (at.getTime() > Date.now() + 5 * 60_000) refuse('day', `Enter when ${what}: it cannot be in the future`);
  return at.toISOString();
}

export function DayTime({
  v,
  set,
  errors,
  dayLabel,
}: {
  v: { day: string; time: string };
  set: (p: { day?: string; time?: string }) => void;
  errors: Record<string, string>;
  dayLabel: string;
}) {
  return (
    <>
      <TextInput
        label={dayLabel}
        name="day"
        type="date"
        required
        value={v.day}
        onChange={(e) => set({ day: e.currentTarget.value })}
        error={errors.day}
      />
      <TextInput
        label="Time"
        name="time"
        type="time"
        required
        description="Massachusetts time"
        value={v.time}
        onChange={(e) => set({ time: e.currentTarget.value })}
        error={errors.time}
      />
    </>
  );
}

export function Submit({ pending, children }: { pending: boolean; children: string }) {
  return (
    <Group justify="flex-end">
      <Button type="submit" loading={pending}>
        {children}
      </Button>
    </Group>
  );
}
