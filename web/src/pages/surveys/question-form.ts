// A survey question as the builder's form edits it, and back to the definition the API takes. Pure, so the
// round trip is tested without a browser.
import type { Question } from '@contract/surveys/definition.js';

/** A question as the form edits it: options and anchors as lines of text. */
export interface EditableQuestion {
  key: string;
  type: Question['type'];
  text: string;
  help: string;
  required: boolean;
  options: string;
  min: number;
  max: number;
  anchors: string;
  followUpText: string;
  followUpWhen: string[];
  followUpRequired: boolean;
}

export const slug = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 60) || 'option';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The options a follow-up can be shown on. */
export function choicesOf(q: EditableQuestion) {
  if (q.type === 'yes_no')
    return [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ];
  if (q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'scale')
    return lines(q.options).map((label) => ({ value: slug(label), label }));
  return [];
}

export function fromQuestion(q: Question): EditableQuestion {
  const f = 'followUp' in q ? q.followUp : undefined;
  return {
    key: q.key,
    type: q.type,
    text: q.text,
    help: q.help ?? '',
    required: q.required,
    options: 'options' in q ? q.options.map((o) => o.label).join('\n') : '',
    min: q.type === 'rating' ? q.min : 1,
    max: q.type === 'rating' ? q.max : 10,
    anchors: q.type === 'rating' ? q.anchors.map((a) => `${a.value} = ${a.label}`).join('\n') : '',
    followUpText: f?.text ?? '',
    followUpWhen: f && 'when' in f ? (f.when as string[]) : [],
    followUpRequired: f?.required ?? false,
  };
}

/** The question the API takes; options keep values that earlier answers use when their label is unchanged. */
export function toQuestion(q: EditableQuestion): Question {
  const base = { key: q.key, text: q.text, ...(q.help ? { help: q.help } : {}), required: q.required };
  const choices = choicesOf(q);
  // A follow-up begun (its question typed, its answers chosen or its box ticked) goes to the API as it is, so
  // one left incomplete is refused at its field rather than dropped from the survey without a word.
  const started = q.followUpText.trim() !== '' || q.followUpWhen.length > 0 || q.followUpRequired;
  const followUp = started ? { text: q.followUpText, required: q.followUpRequired } : undefined;
  // An answer since removed from the options no longer asks it; if none is left, the API says to choose.
  const when = q.followUpWhen.filter((w) => choices.some((c) => c.value === w));
  switch (q.type) {
    case 'single_choice':
    case 'multiple_choice':
    case 'scale':
      return {
        ...base,
        type: q.type,
        options: choices,
        ...(followUp ? { followUp: { ...followUp, when } } : {}),
      };
    case 'yes_no':
      return {
        ...base,
        type: 'yes_no',
        ...(followUp ? { followUp: { ...followUp, when } } : {}),
      };
    case 'rating':
      return {
        ...base,
        type: 'rating',
        min: q.min,
        max: q.max,
        anchors: lines(q.anchors).map((l) => {
          const [value, ...label] = l.split('=');
          return { value: Number.parseInt(value ?? '', 10), label: label.join('=').trim() };
        }),
        ...(followUp ? { followUp } : {}),
      };
    default:
      return { ...base, type: q.type, maxLength: q.type === 'short_text' ? 200 : 4000 };
  }
}
