// Monthly assignment as a pure function: each identified member goes to a Community Partner the ACO/MCO
// has a partnership with, that serves the member's county, is of the type the member needs and has a free
// place. Concord proposes; a person confirms (decision 061).
import type { CpType } from '@contract/enrollment/assignment.labels.js';

export interface Candidate {
  cpOrgId: string;
  name: string;
  type: CpType;
  counties: ReadonlySet<string>;
  /** Places left: confirmed capacity less enrolled members, confirmed and pending assignments. */
  free: number;
}

export interface Need {
  identificationId: string;
  enrolleeId: string;
  county: string | null;
  cpType: CpType | null;
  /** The CP the identification list named. */
  suggestedCpOrgId: string | null;
  /** The CP the member last asked for, and whether their last choice was to decline. */
  requestedCpOrgId: string | null;
  declined: boolean;
}

export interface Proposal {
  identificationId: string;
  enrolleeId: string;
  cpOrgId: string;
  why: string;
}
export interface Unplaced {
  identificationId: string;
  enrolleeId: string;
  why: string;
}

const typeWords = (t: CpType | null) => (t === 'LTSS' ? 'LTSS ' : t === 'BH' ? 'BH ' : '');

/**
 * Proposes a CP for each need, in the order given (oldest identification first), never past a CP's free
 * places: the CP the member asked for, else the one the list suggested, else the one with the most free
 * places (then by name). A member who declined is left out, and so is one no CP can take, each with why.
 */
export function proposeAssignments(needs: readonly Need[], candidates: readonly Candidate[]) {
  const free = new Map(candidates.map((c) => [c.cpOrgId, c.free]));
  const proposals: Proposal[] = [];
  const unplaced: Unplaced[] = [];
  for (const need of needs) {
    const base = { identificationId: need.identificationId, enrolleeId: need.enrolleeId };
    if (need.declined) {
      unplaced.push({ ...base, why: 'The member declined Community Partner support' });
      continue;
    }
    if (!need.county) {
      unplaced.push({ ...base, why: 'The member’s county is not recorded: add it to the member’s record' });
      continue;
    }
    const county = need.county;
    const serving = candidates.filter(
      (c) => c.counties.has(county) && (need.cpType === null || c.type === need.cpType),
    );
    const open = serving.filter((c) => (free.get(c.cpOrgId) ?? 0) > 0);
    if (open.length === 0) {
      unplaced.push({
        ...base,
        why:
          serving.length === 0
            ? `No ${typeWords(need.cpType)}Community Partner you have a partnership with serves ${county} County`
            : `No ${typeWords(need.cpType)}Community Partner serving ${county} County has a free place`,
      });
      continue;
    }
    const requested = open.find((c) => c.cpOrgId === need.requestedCpOrgId);
    const suggested = open.find((c) => c.cpOrgId === need.suggestedCpOrgId);
    const roomiest = [...open].sort(
      (a, b) => (free.get(b.cpOrgId) ?? 0) - (free.get(a.cpOrgId) ?? 0) || a.name.localeCompare(b.name),
    )[0]!;
    const chosen = requested ?? suggested ?? roomiest;
    const why = requested
      ? 'The member asked for this Community Partner'
      : suggested
        ? 'Named on the identification list'
        : `Most free places of ${open.length} serving ${county} County`;
    free.set(chosen.cpOrgId, (free.get(chosen.cpOrgId) ?? 0) - 1);
    proposals.push({ ...base, cpOrgId: chosen.cpOrgId, why });
  }
  return { proposals, unplaced };
}
