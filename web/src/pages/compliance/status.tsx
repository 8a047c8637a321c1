import { STATUS_LABELS } from '@contract/compliance/compliance.labels.js';
import { Badge } from '@mantine/core';

export type { DashboardView, StatusRow } from '@contract/compliance/compliance.schemas.js';
export { STATUS_LABELS };

/** Dark shades only: each keeps white text at 4.5:1 or better. */
const COLORS: Record<keyof typeof STATUS_LABELS, string> = {
  compliant: 'teal.9',
  due_soon: '#8a4b00',
  pending: 'gray.8',
  overdue: 'red.9',
  expired: 'red.9',
  exempt: 'indigo.9',
};

export function StatusBadge({ status }: { status: keyof typeof STATUS_LABELS }) {
  return <Badge color={COLORS[status]}>{STATUS_LABELS[status]}</Badge>;
}
