import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError, CommonErrors } from './errors.js';
import { ifMatchVersion } from './versioning.js';

const withIfMatch = (value: string | undefined) =>
  ({ headers: value === undefined ? {} : { 'if-match': value } }) as FastifyRequest;

function refusal(value: string | undefined) {
  try {
    ifMatchVersion(withIfMatch(value));
  } catch (err) {
    return err instanceof AppError ? err.code : err;
  }
  return 'accepted';
}

describe('the version an If-Match header names', () => {
  it('is read from the entity tag as ETag sends it, its weak form, or the bare number', () => {
    for (const value of ['"1"', 'W/"1"', '1', ' "1" '])
      expect(ifMatchVersion(withIfMatch(value)), value).toBe(1);
    expect(ifMatchVersion(withIfMatch('"27"'))).toBe(27);
    expect(ifMatchVersion(withIfMatch('W/"123456789"'))).toBe(123_456_789);
  });

  it('is refused as missing when it is spelled any other way', () => {
    for (const value of [
      undefined,
      '',
      '*',
      '"1',
      '1"',
      'W/1',
      'W/"1',
      'w/"1"',
      '""',
      '"1", "2"',
      '"-1"',
      '"1.0"',
      "'1'",
      '"1234567890"',
    ])
      expect(refusal(value), String(value)).toBe(CommonErrors.VERSION_REQUIRED);
  });
});
