import { isLibraryText } from '@contract/text/library-words.js';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api.js';
import {
  errorMessage,
  fieldErrors,
  formErrorOf,
  PLAIN_FIELD_FALLBACK,
  PLAIN_FORM_FALLBACK,
} from '../../web/src/forms.js';

/**
 * What the web app shows when a save fails — beside each field, above the form and in a notification —
 * never carries the schema library's phrasing, even if an answer from the server (an older one, or a route
 * that slipped) does: such a message is replaced by a plain one, and plain ones pass through unchanged.
 */
const ZOD_TEXT = [
  'Too small: expected string to have >=1 characters',
  'Invalid input: expected string, received null',
  'Invalid option: expected one of "live"|"recorded"|"self_paced"',
  'Too big: expected number to be <=100',
  'Unrecognized key: "colour"',
  'Invalid ISO date',
  'Invalid email address',
  'Invalid UUID',
];

const refused = (message: string, issues: { path: string; message: string }[]) =>
  new ApiError(
    400,
    'VALIDATION_FAILED',
    message,
    issues.map((i) => ({ code: 'too_small', ...i })),
  );

describe('the web app’s error display', () => {
  it.each(ZOD_TEXT)('shows a plain message in place of “%s”', (zod) => {
    expect(isLibraryText(zod)).toBe(true);
    const err = refused(`body.title: ${zod}`, [{ path: 'body.title', message: zod }]);
    expect(fieldErrors(err)).toEqual({ title: PLAIN_FIELD_FALLBACK });
    expect(errorMessage(err)).toBe(PLAIN_FORM_FALLBACK);
    expect(formErrorOf(err, 0)).toBe(PLAIN_FORM_FALLBACK);
    expect(errorMessage(new Error(zod))).not.toMatch(/expected|received|Invalid|Too (small|big)|[<>]=/);
  });

  it('passes plain words through: each on its field, the summary saying where to look', () => {
    const err = refused('Enter a title, and correct one more field.', [
      { path: 'body.title', message: 'Enter a title' },
      { path: 'body.roles.0.role', message: 'Choose a role' },
    ]);
    expect(fieldErrors(err)).toEqual({ title: 'Enter a title', 'roles.0.role': 'Choose a role' });
    expect(errorMessage(err)).toBe('Enter a title, and correct one more field.');
    expect(formErrorOf(err, 2)).toBe('Correct the fields marked below.');
    expect(formErrorOf(err, 1)).toBe('Correct the field marked below.');
  });

  it('says the server could not be reached rather than the browser’s words for it', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe(
      'Concord could not be reached. Check the connection and try again.',
    );
  });
});
