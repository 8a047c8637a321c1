import { z } from 'zod';
import { FIELD_LABELS, type LabelSpec, type Verb } from './field-labels.js';

/**
 * Every validation issue in plain words that say what to do ("Enter a title", "Choose at least two topics",
 * "Enter the start date as year-month-day, like 2026-12-01"), naming the field as its form does
 * (field-labels.ts). Installed as zod's error map for the whole process, so it covers every schema, present
 * and future; a schema's own message (`.min(1, 'Say why')`) still wins. The issue keeps zod's code and its
 * path beside the message, for programs.
 */
export function installPlainMessages() {
  z.config({ customError: plainMessage });
}

type RawIssue = z.core.$ZodRawIssue;
type Label = Required<Pick<LabelSpec, 'a'>> & { verb?: Verb; one?: string; many?: string };

const NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const inWords = (n: number) => NUMBERS[n] ?? n.toLocaleString('en-US');
const number = (n: number) => n.toLocaleString('en-US');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "a title" → "the title"; "your password" and "the CE hours" stay as they are. */
const definite = (a: string) => a.replace(/^(a|an) /, 'the ');
const article = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

/** A field's label from the dictionary, or made from its name: "postalCode" → "a postal code". */
export function labelOf(key: string | undefined): Label {
  if (key === undefined) return { a: 'a value' };
  const known = FIELD_LABELS[key];
  if (typeof known === 'string') return { a: known };
  if (known) return known;
  const words = key
    .replace(/Ids?$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const id = /Ids?$/.test(key);
  return { a: article(words), ...(id ? { verb: 'Choose' as const } : {}) };
}

/** What one item of a list is called: the label's `one`, else the list's name made singular. */
function itemLabel(key: string | undefined): Label {
  const list = labelOf(key);
  if (list.one) return { a: list.one, verb: list.verb };
  return { a: article(definite(list.a).replace(/^the /, '').replace(/s$/, '')), verb: list.verb };
}

/**
 * Where in a list the field is, as a prefix: ["questions", 3, "prompt"] → "Question 4: ". Only indexes
 * that lie above the field itself count; an index at the end is the field.
 */
function placeOf(path: PropertyKey[]): string {
  const words: string[] = [];
  for (let i = 1; i < path.length - 1; i++) {
    const n = path[i];
    if (typeof n !== 'number') continue;
    const item = itemLabel(String(path[i - 1])).a.replace(/^(a|an|the) /, '');
    words.push(`${item} ${n + 1}`);
  }
  return words.length ? `${capital(words.join(', '))}: ` : '';
}

const isoExample: Record<string, string> = {
  date: 'as year-month-day, like 2026-12-01',
  datetime: 'as a date and time with its offset, like 2026-12-01T09:30:00-05:00',
  time: 'as a time, like 09:30',
};
const DATE_PATTERN = String(/^\d{4}-\d{2}-\d{2}$/);

/** The message for one issue, or undefined to leave it to zod (never reached: every code is covered). */
export function plainMessage(issue: RawIssue): string | undefined {
  const path = issue.path ?? [];
  const lastKey = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
  const isItem = typeof path[path.length - 1] === 'number';
  const label = isItem ? itemLabel(lastKey) : labelOf(lastKey);
  const a = label.a;
  const the = definite(a);
  const where = placeOf(path);
  const say = (text: string) => (where ? `${where}${text.charAt(0).toLowerCase()}${text.slice(1)}` : text);
  const verbFor = (fallback: Verb) => label.verb ?? fallback;
  const missing = issue.input === undefined || issue.input === null;

  switch (issue.code) {
    case 'invalid_type': {
      if (missing) {
        if (lastKey === undefined) return 'Fill in the form and send it again';
        const fallback: Verb =
          issue.expected === 'boolean' || issue.expected === 'array' ? 'Choose' : 'Enter';
        return say(`${verbFor(fallback)} ${issue.expected === 'array' && label.one ? label.one : a}`);
      }
      switch (issue.expected) {
        case 'number':
        case 'bigint':
          return say(`Enter ${the} as a number`);
        case 'int':
          return say(`Enter ${the} as a whole number`);
        case 'boolean':
          return say(`Choose yes or no for ${the}`);
        case 'array':
          return say(`Send ${the} as a list`);
        case 'object':
        case 'record':
        case 'map':
          return lastKey === undefined
            ? 'Fill in the form and send it again'
            : say(`${label.verb ?? 'Fill in'} ${the}`);
        case 'string':
          return label.verb === 'Choose' ? say(`Choose ${a} from the list`) : say(`Enter ${the} as text`);
        default:
          return say(`Enter ${the} again: it could not be read`);
      }
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      const inclusive = issue.inclusive !== false;
      switch (issue.origin) {
        case 'string':
          return min <= 1
            ? say(`${verbFor('Enter')} ${a}`)
            : say(`${verbFor('Enter')} ${a} of at least ${min} characters`);
        case 'array':
        case 'set': {
          const one = label.one ?? itemLabel(lastKey).a;
          const many = label.many ?? definite(a).replace(/^the /, '');
          const verb = verbFor('Choose');
          return min <= 1
            ? say(`${verb} at least ${one.replace(/^(a|an) /, 'one ')}`)
            : say(`${verb} at least ${inWords(min)} ${many}`);
        }
        default:
          return say(`Enter ${inclusive ? `${number(min)} or more` : `more than ${number(min)}`} for ${the}`);
      }
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      const inclusive = issue.inclusive !== false;
      switch (issue.origin) {
        case 'string':
          return say(`Shorten ${the} to ${max.toLocaleString('en-US')} characters or fewer`);
        case 'array':
        case 'set': {
          const many = label.many ?? definite(a).replace(/^the /, '');
          return say(`${verbFor('Choose')} no more than ${inWords(max)} ${many}`);
        }
        case 'file':
          return say(`Choose a smaller file for ${the}`);
        default:
          return say(`Enter ${inclusive ? `${number(max)} or less` : `less than ${number(max)}`} for ${the}`);
      }
    }
    case 'invalid_format': {
      const format = issue.format;
      if (format === 'email') return say(`Enter ${a} like name@example.org`);
      if (format === 'uuid' || format === 'guid') return say(`Choose ${a} from the list`);
      if (format === 'url') return say(`Enter ${a} starting with https://`);
      if (format in isoExample) return say(`Enter ${the} ${isoExample[format]}`);
      if (format === 'regex' && String((issue as { pattern?: RegExp }).pattern) === DATE_PATTERN)
        return say(`Enter ${the} ${isoExample.date}`);
      return say(`Enter ${the} in the form asked for`);
    }
    case 'not_multiple_of': {
      const step = Number(issue.divisor);
      const decimals = Math.round(-Math.log10(step));
      if (step < 1 && 10 ** -decimals === step)
        return say(
          `Enter ${the} with no more than ${inWords(decimals)} decimal place${decimals > 1 ? 's' : ''}`,
        );
      return say(`Enter ${the} in steps of ${step}`);
    }
    case 'invalid_value':
      if (missing) return say(`${verbFor('Choose')} ${a}`);
      return say(`Choose ${a} from the list`);
    case 'invalid_union':
      if (missing) return say(`${verbFor('Enter')} ${a}`);
      return say(`Check ${the}: it is none of the things this field takes`);
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => `“${k}”`).join(', ');
      return say(
        `Leave out ${keys}: ${issue.keys.length > 1 ? 'they are not fields' : 'it is not a field'} of this form`,
      );
    }
    case 'invalid_key':
      return say(`Check the names in ${the}`);
    case 'invalid_element':
      return say(`Check the values in ${the}`);
    case 'custom':
      return say(`Check ${the}`);
    default:
      return say(`Check ${the}`);
  }
}
