import { STATUS_LABELS } from '@contract/compliance/compliance.labels.js';
import { STATUSES } from '@contract/compliance/compliance.schemas.js';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_STATUSES } from '../../web/src/pages/compliance/dashboard-columns.js';

/**
 * A requirement whose people are all still ahead of their first due date showed 669 people, 100% on track
 * and 0 in every column: "not yet due" had no column. Every status has one now, so the columns add up.
 */
describe('the compliance dashboard’s columns', () => {
  it('count every status, "Not yet due" among them', () => {
    expect([...DASHBOARD_STATUSES].sort()).toEqual([...STATUSES].sort());
    expect(DASHBOARD_STATUSES.map((s) => STATUS_LABELS[s])).toContain('Not yet due');
  });
});
