// A version's responses as FHIR R4 QuestionnaireResponses in one `collection` Bundle. Each response follows
// the Questionnaire's shape (sections as groups, a follow-up nested under the answer that shows it) and
// points at the Questionnaire by its canonical URL and version. A response names no one — the respondent's
// identity stays in Concord — and, as in every export, nothing is written when fewer than five responded.
import type { Answer, Definition, Question } from '@contract/surveys/definition.js';
import { questionnaireUrl } from './questionnaire.fhir.js';
import type { ExportRow } from './results.export.js';
import { MIN_CELL } from './results.rules.js';

type AnswerValue =
  | { valueCoding: { code: string; display: string } }
  | { valueInteger: number }
  | { valueBoolean: boolean }
  | { valueString: string };

interface ResponseItem {
  linkId: string;
  text?: string;
  answer?: (AnswerValue & { item?: ResponseItem[] })[];
  item?: ResponseItem[];
}

export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id: string;
  questionnaire: string;
  status: 'completed';
  /** Whom the answers are about (an enrollee's assessment); an exported survey response names no one. */
  subject?: { reference: string };
  authored: string;
  author?: { display: string };
  item: ResponseItem[];
}

/** A `collection` Bundle: no `total` (R4 bdl-1 keeps it to searches and histories), no `entry` when empty. */
export interface ResponseBundle {
  resourceType: 'Bundle';
  type: 'collection';
  timestamp: string;
  entry?: { resource: QuestionnaireResponse }[];
}

function valuesOf(q: Question, a: Answer): AnswerValue[] {
  const v = a.value;
  if (v === undefined || v === null || v === '') return [];
  const coded = (code: string): AnswerValue => ({
    valueCoding: {
      code,
      display: ('options' in q ? q.options.find((o) => o.value === code)?.label : undefined) ?? code,
    },
  });
  switch (q.type) {
    case 'single_choice':
    case 'scale':
      return [coded(String(v))];
    case 'multiple_choice':
      return (Array.isArray(v) ? v : [String(v)]).map(coded);
    case 'rating':
      return [{ valueInteger: Number(v) }];
    case 'yes_no':
      return [{ valueBoolean: v === 'yes' }];
    default:
      return [{ valueString: String(v) }];
  }
}

function itemOf(q: Question, a: Answer | undefined): ResponseItem | null {
  const answer: (AnswerValue & { item?: ResponseItem[] })[] = a ? valuesOf(q, a) : [];
  if (!answer.length) return null;
  const follow = a?.followUp?.trim();
  if (follow && 'followUp' in q && q.followUp) {
    // Nested under the answer that shows it (the first of a multiple choice's that does).
    const when = 'when' in q.followUp ? q.followUp.when : [];
    const at = Math.max(
      0,
      answer.findIndex((x) => 'valueCoding' in x && when.includes(x.valueCoding.code)),
    );
    answer[at] = {
      ...answer[at]!,
      item: [{ linkId: `${q.key}.followUp`, text: q.followUp.text, answer: [{ valueString: follow }] }],
    };
  }
  return { linkId: q.key, text: q.text, answer };
}

/** One response to a version of a survey as a QuestionnaireResponse, following the Questionnaire's shape. */
export function toQuestionnaireResponse(
  survey: { code: string; version: number; definition: Definition },
  row: { answers: ExportRow['answers']; submittedOn: string },
  id: string,
): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    id: id.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64),
    questionnaire: `${questionnaireUrl(survey.code)}|${survey.version}`,
    status: 'completed',
    authored: row.submittedOn,
    item: survey.definition.sections.flatMap((s, i) => {
      const items = s.questions.flatMap((q) => itemOf(q, row.answers[q.key]) ?? []);
      return items.length
        ? [{ linkId: `section-${i + 1}`, ...(s.title ? { text: s.title } : {}), item: items }]
        : [];
    }),
  };
}

export function toResponseBundle(
  survey: { code: string; version: number; definition: Definition },
  rows: readonly ExportRow[],
  now = new Date(),
): ResponseBundle {
  const written = rows.length < MIN_CELL ? [] : rows;
  const bundle: ResponseBundle = { resourceType: 'Bundle', type: 'collection', timestamp: now.toISOString() };
  if (written.length)
    bundle.entry = written.map((r, n) => ({
      resource: toQuestionnaireResponse(survey, r, `${survey.code}-v${survey.version}-${n + 1}`),
    }));
  return bundle;
}
