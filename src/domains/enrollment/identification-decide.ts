// What one checked row of an identified-member list does to the member's identification: a pure function of
// the row and what is recorded, so the check-only run and the applying run decide alike.
import { type CpType, IDENTIFICATION_SOURCE_LABELS } from '@contract/enrollment/assignment.labels.js';
import type {
  IdentificationColumn,
  IdentificationRowOutcome,
  ImportedSource,
} from '@contract/enrollment/identification.schemas.js';
import type { IdentificationValues, MemberState } from './identification.repository.js';
import type { IdentificationRow } from './identification-rows.js';

export type Change =
  | { kind: 'insert'; values: IdentificationValues }
  | { kind: 'update'; values: IdentificationValues & { id: string } }
  | {
      kind: 'end';
      id: string;
      endedOn: string;
      endReason: string;
      recordUpdatedOn: string;
      enrolleeId: string;
    };

export interface RowDecision {
  rowNumber: number;
  medicaidId: string | null;
  outcome: IdentificationRowOutcome;
  /** What the row's outcome means, and anything noted on it (a CP not in the directory), each with its column. */
  notes: { column: IdentificationColumn | ''; message: string }[];
  change: Change | null;
}

const sameFlags = (a: readonly string[] | null, b: readonly string[]) =>
  [...(a ?? [])].sort().join(',') === [...b].sort().join(',');

/** Whether the recorded open identification says all that the row says. */
function unchanged(state: MemberState, v: IdentificationValues) {
  return (
    state.source === v.source &&
    state.cpType === v.cpType &&
    state.suggestedCpOrgId === v.suggestedCpOrgId &&
    state.startReason === v.startReason &&
    sameFlags(state.agencyFlags, v.agencyFlags) &&
    state.identifiedOn === v.identifiedOn &&
    state.recordUpdatedOn === v.recordUpdatedOn
  );
}

/**
 * One row that passed its checks, for a member found at the organisation: an active record (A) creates the
 * member's open identification or brings it up to date, an inactive one (I) ends it; neither replaces what a
 * newer record wrote.
 */
export function decideRow(
  row: IdentificationRow,
  ctx: {
    enrolleeId: string;
    state: MemberState | undefined;
    source: ImportedSource;
    /** The CP the row's CP_PID and CP_SL name in the directory, with its type, if they name one. */
    suggestedCp: { orgId: string; cpType: CpType } | null;
    fileName: string;
  },
): RowDecision {
  const { state } = ctx;
  const base = { rowNumber: row.rowNumber, medicaidId: row.medicaidId, notes: [] as RowDecision['notes'] };
  const updatedOn = row.updatedOn!;
  const newer = (on: string | null | undefined) => Boolean(on && updatedOn < on);
  const kept = (on: string): RowDecision => ({
    ...base,
    outcome: 'kept',
    change: null,
    notes: [
      {
        column: 'Record_Update_Date',
        message: `A record of ${on} is kept for this member: this row’s record of ${updatedOn} is older and changes nothing`,
      },
    ],
  });
  if (row.status === 'I') {
    if (!state?.openId)
      return {
        ...base,
        outcome: 'nothing_to_end',
        change: null,
        notes: [
          { column: 'Record_Status', message: 'The member has no open identification here: nothing to end' },
        ],
      };
    if (newer(state.recordUpdatedOn)) return kept(state.recordUpdatedOn!);
    return {
      ...base,
      outcome: 'ended',
      change: {
        kind: 'end',
        id: state.openId,
        enrolleeId: ctx.enrolleeId,
        endedOn: updatedOn,
        recordUpdatedOn: updatedOn,
        endReason: `Inactive on the ${IDENTIFICATION_SOURCE_LABELS[ctx.source]} ("${ctx.fileName}", row ${row.rowNumber}, record of ${updatedOn})`,
      },
    };
  }
  if (newer(state?.latestRecordOn)) return kept(state!.latestRecordOn!);
  // A suggested CP of another type than the member needs is not one the member could be assigned to.
  const fitting = ctx.suggestedCp !== null && (row.cpType === null || row.cpType === ctx.suggestedCp.cpType);
  const values: IdentificationValues = {
    enrolleeId: ctx.enrolleeId,
    source: ctx.source,
    cpType: row.cpType,
    suggestedCpOrgId: fitting ? ctx.suggestedCp!.orgId : null,
    startReason: row.startReason,
    agencyFlags: row.agencyFlags,
    identifiedOn: row.startsOn!,
    recordUpdatedOn: updatedOn,
  };
  if (row.cpPid && row.cpSl && !fitting)
    base.notes.push({
      column: 'CP_PID',
      message: ctx.suggestedCp
        ? `PID ${row.cpPid} with service location ${row.cpSl} is a Community Partner of type ${ctx.suggestedCp.cpType}, and this member needs ${row.cpType}: no CP is suggested`
        : `PID ${row.cpPid} with service location ${row.cpSl} is not a Community Partner in the directory: no CP is suggested`,
    });
  if (!state?.openId) return { ...base, outcome: 'created', change: { kind: 'insert', values } };
  if (unchanged(state, values)) return { ...base, outcome: 'unchanged', change: null };
  return { ...base, outcome: 'updated', change: { kind: 'update', values: { ...values, id: state.openId } } };
}
