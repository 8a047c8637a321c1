// A survey as a FHIR R4 Questionnaire and back. Sections are `group` items; choices carry their options as
// codings; a rating is an `integer` with min/max (a slider) and its anchor labels; yes/no is `boolean`;
// help text is a `display` child shown as help (SDC itemControl); a follow-up is a `text` child enabled
// when one of its answers is given. What FHIR cannot tell apart (a labelled scale from a single choice, a
// rating's anchors) rides on Concord extensions, so a survey exported and imported again is the same survey.
import { type Definition, definition, type Question } from '@contract/surveys/definition.js';

const BASE = 'https://concord.example/fhir';
const CONCORD = `${BASE}/StructureDefinition`;
/** A survey's canonical URL, which its responses point at (with `|version`). */
export const questionnaireUrl = (code: string) => `${BASE}/Questionnaire/${encodeURIComponent(code)}`;
const QUESTION_TYPE = `${CONCORD}/question-type`;
const ANCHOR = `${CONCORD}/rating-anchor`;
const ITEM_CONTROL = 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl';
const MIN = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX = 'http://hl7.org/fhir/StructureDefinition/maxValue';
const MAX_LENGTH_TYPES = new Set(['string', 'text']);

interface Extension {
  url: string;
  valueCode?: string;
  valueInteger?: number;
  valueString?: string;
  valueCodeableConcept?: { coding: { system: string; code: string }[] };
  extension?: Extension[];
}

export interface QuestionnaireItem {
  linkId: string;
  text?: string;
  type: string;
  required?: boolean;
  repeats?: boolean;
  maxLength?: number;
  answerOption?: { valueCoding: { code: string; display: string } }[];
  enableWhen?: {
    question: string;
    operator: string;
    answerCoding?: { code: string };
    answerBoolean?: boolean;
  }[];
  enableBehavior?: 'any' | 'all';
  extension?: Extension[];
  item?: QuestionnaireItem[];
}

export interface Questionnaire {
  resourceType: 'Questionnaire';
  url?: string;
  status: 'draft' | 'active' | 'retired';
  name?: string;
  title?: string;
  description?: string;
  version?: string;
  item: QuestionnaireItem[];
}

const control = (code: string): Extension => ({
  url: ITEM_CONTROL,
  valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code }] },
});

function questionItem(q: Question): QuestionnaireItem {
  const children: QuestionnaireItem[] = [];
  if (q.help)
    children.push({ linkId: `${q.key}.help`, type: 'display', text: q.help, extension: [control('help')] });
  if ('followUp' in q && q.followUp) {
    const f = q.followUp;
    children.push({
      linkId: `${q.key}.followUp`,
      type: 'text',
      text: f.text,
      required: f.required,
      enableWhen:
        'when' in f
          ? f.when.map((code) =>
              q.type === 'yes_no'
                ? { question: q.key, operator: '=', answerBoolean: code === 'yes' }
                : { question: q.key, operator: '=', answerCoding: { code } },
            )
          : [{ question: q.key, operator: 'exists', answerBoolean: true }],
      enableBehavior: 'any',
    });
  }
  const common = {
    linkId: q.key,
    text: q.text,
    required: q.required,
    extension: [{ url: QUESTION_TYPE, valueCode: q.type }] as Extension[],
    ...(children.length ? { item: children } : {}),
  };
  switch (q.type) {
    case 'single_choice':
    case 'multiple_choice':
    case 'scale':
      return {
        ...common,
        type: 'choice',
        repeats: q.type === 'multiple_choice',
        answerOption: q.options.map((o) => ({ valueCoding: { code: o.value, display: o.label } })),
      };
    case 'rating':
      return {
        ...common,
        type: 'integer',
        extension: [
          ...common.extension,
          control('slider'),
          { url: MIN, valueInteger: q.min },
          { url: MAX, valueInteger: q.max },
          ...q.anchors.map((a) => ({
            url: ANCHOR,
            extension: [
              { url: 'value', valueInteger: a.value },
              { url: 'label', valueString: a.label },
            ],
          })),
        ],
      };
    case 'yes_no':
      return { ...common, type: 'boolean' };
    case 'short_text':
      return { ...common, type: 'string', maxLength: q.maxLength };
    case 'long_text':
      return { ...common, type: 'text', maxLength: q.maxLength };
  }
}

export function toQuestionnaire(survey: {
  code: string;
  title: string;
  description?: string | null;
  version: number;
  status: 'draft' | 'active' | 'retired';
  definition: Definition;
}): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    url: questionnaireUrl(survey.code),
    status: survey.status,
    name: survey.code,
    title: survey.title,
    ...(survey.description ? { description: survey.description } : {}),
    version: String(survey.version),
    item: survey.definition.sections.map((s, i) => ({
      linkId: `section-${i + 1}`,
      type: 'group',
      ...(s.title ? { text: s.title } : {}),
      item: s.questions.map(questionItem),
    })),
  };
}

/** A problem with a Questionnaire being imported, naming the item. */
export class QuestionnaireProblem extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const ext = (item: QuestionnaireItem, url: string) => item.extension?.filter((e) => e.url === url) ?? [];

function fromItem(item: QuestionnaireItem, path: string): Question {
  const declared = ext(item, QUESTION_TYPE)[0]?.valueCode;
  const children = item.item ?? [];
  const help = children.find((c) => c.type === 'display')?.text;
  const f = children.find((c) => c.type === 'text' && c.enableWhen?.length);
  const base = {
    key: item.linkId,
    text: item.text ?? '',
    ...(help ? { help } : {}),
    required: item.required ?? false,
  };
  const when = f?.enableWhen
    ?.filter((w) => w.operator === '=')
    .map((w) => (w.answerCoding ? w.answerCoding.code : w.answerBoolean ? 'yes' : 'no'));
  const followUp = f ? { text: f.text ?? '', required: f.required ?? false } : undefined;
  const choiceFollowUp = followUp && when?.length ? { followUp: { when, ...followUp } } : {};
  switch (item.type) {
    case 'choice': {
      const options = (item.answerOption ?? []).map((o) => ({
        value: o.valueCoding.code,
        label: o.valueCoding.display ?? o.valueCoding.code,
      }));
      const type = item.repeats ? 'multiple_choice' : declared === 'scale' ? 'scale' : 'single_choice';
      return { ...base, type, options, ...choiceFollowUp } as Question;
    }
    case 'integer': {
      const value = (url: string, fallback: number) => ext(item, url)[0]?.valueInteger ?? fallback;
      const anchors = ext(item, ANCHOR).map((a) => ({
        value: a.extension?.find((e) => e.url === 'value')?.valueInteger ?? 0,
        label: a.extension?.find((e) => e.url === 'label')?.valueString ?? '',
      }));
      return {
        ...base,
        type: 'rating',
        min: value(MIN, 1),
        max: value(MAX, 10),
        anchors,
        ...(followUp ? { followUp } : {}),
      };
    }
    case 'boolean':
      return { ...base, type: 'yes_no', ...choiceFollowUp };
    case 'string':
    case 'text':
      return {
        ...base,
        type: item.type === 'string' ? 'short_text' : 'long_text',
        maxLength:
          MAX_LENGTH_TYPES.has(item.type) && item.maxLength
            ? item.maxLength
            : item.type === 'string'
              ? 200
              : 4000,
      };
    default:
      throw new QuestionnaireProblem(path, `item type “${item.type}” is not one Concord asks`);
  }
}

/**
 * Every enableWhen names a question of this Questionnaire, and a follow-up's names its own question (the one
 * Concord asks it on); otherwise the condition would be dropped, or moved to another question, unseen.
 */
function enableWhenTargets(items: QuestionnaireItem[]) {
  const linkIds = new Set<string>();
  const collect = (list: QuestionnaireItem[]) =>
    list.forEach((item) => {
      linkIds.add(item.linkId);
      collect(item.item ?? []);
    });
  collect(items);
  const check = (list: QuestionnaireItem[], path: string, parent: QuestionnaireItem | null) =>
    list.forEach((item, i) => {
      const here = `${path}item[${i}]`;
      for (const [k, w] of (item.enableWhen ?? []).entries()) {
        const where = `${here}.enableWhen[${k}].question`;
        if (!linkIds.has(w.question))
          throw new QuestionnaireProblem(
            where,
            `item “${item.linkId}” is enabled by question “${w.question}”, which is not in this Questionnaire`,
          );
        const ownQuestion = parent && parent.type !== 'group' ? parent.linkId : null;
        if (ownQuestion && w.question !== ownQuestion)
          throw new QuestionnaireProblem(
            where,
            `follow-up “${item.linkId}” is enabled by question “${w.question}”; Concord asks a follow-up only on the answer to its own question “${ownQuestion}”`,
          );
      }
      check(item.item ?? [], `${here}.`, item);
    });
  check(items, '', null);
}

/**
 * A survey definition from a Questionnaire: each top-level group a section (loose questions make one
 * section of their own). Checked like any definition; a problem names the item.
 */
export function fromQuestionnaire(q: Questionnaire): {
  title: string;
  code: string | null;
  definition: Definition;
} {
  if (q?.resourceType !== 'Questionnaire')
    throw new QuestionnaireProblem(
      'resourceType',
      'Send a FHIR Questionnaire (resourceType "Questionnaire")',
    );
  enableWhenTargets(q.item ?? []);
  const sections: Definition['sections'] = [];
  const loose: Question[] = [];
  (q.item ?? []).forEach((item, i) => {
    if (item.type === 'group')
      sections.push({
        ...(item.text ? { title: item.text } : {}),
        questions: (item.item ?? []).map((child, j) => fromItem(child, `item[${i}].item[${j}]`)),
      });
    else loose.push(fromItem(item, `item[${i}]`));
  });
  if (loose.length) sections.push({ questions: loose });
  const parsed = definition.safeParse({ sections });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new QuestionnaireProblem(issue.path.join('.'), issue.message);
  }
  return { title: q.title ?? q.name ?? 'Imported survey', code: q.name ?? null, definition: parsed.data };
}
