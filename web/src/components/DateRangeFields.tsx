import { SimpleGrid, TextInput } from '@mantine/core';

export interface DateRange {
  startsOn: string;
  endsOn: string;
}

/** A required start date and an optional end date, side by side; an empty end date means "still in force". */
export function DateRangeFields({
  value,
  onChange,
  errors,
}: {
  value: DateRange;
  onChange: (range: DateRange) => void;
  errors: Record<string, string>;
}) {
  return (
    <SimpleGrid cols={2}>
      <TextInput
        label="Starts on"
        type="date"
        required
        value={value.startsOn}
        onChange={(e) => onChange({ ...value, startsOn: e.currentTarget.value })}
        error={errors.startsOn}
      />
      <TextInput
        label="Ends on"
        type="date"
        description="Leave empty while it continues"
        value={value.endsOn}
        onChange={(e) => onChange({ ...value, endsOn: e.currentTarget.value })}
        error={errors.endsOn}
      />
    </SimpleGrid>
  );
}
