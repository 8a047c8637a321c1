import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.js';
import { lastUpdatedSpan, updatedWithin } from './last-updated.js';

const at = (iso: string) => ({ meta: { lastUpdated: iso } });

describe('_lastUpdated', () => {
  it('reads a date as its whole day and an instant as itself, with each prefix', () => {
    expect(lastUpdatedSpan('2026-11-01')).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      until: new Date('2026-11-02T00:00:00Z'),
    });
    expect(lastUpdatedSpan('gt2026-11-01')).toEqual({ from: new Date('2026-11-02T00:00:00Z') });
    expect(lastUpdatedSpan('ge2026-11-01T10:00:00Z')).toEqual({ from: new Date('2026-11-01T10:00:00Z') });
    expect(lastUpdatedSpan('lt2026-11-01')).toEqual({ until: new Date('2026-11-01T00:00:00Z') });
    expect(lastUpdatedSpan('le2026-11-01T10:00:00-05:00')).toEqual({
      until: new Date('2026-11-01T15:00:00.001Z'),
    });
    expect(lastUpdatedSpan(undefined)).toBeUndefined();
  });

  it('holds every value given at once', () => {
    const span = lastUpdatedSpan(['ge2026-11-01', 'lt2026-12-01', 'gt2026-10-01']);
    expect(span).toEqual({ from: new Date('2026-11-01T00:00:00Z'), until: new Date('2026-12-01T00:00:00Z') });
    expect(updatedWithin(at('2026-11-15T12:00:00Z'), span)).toBe(true);
    expect(updatedWithin(at('2026-12-01T00:00:00Z'), span)).toBe(false);
    expect(updatedWithin(at('2026-10-31T23:59:59.999Z'), span)).toBe(false);
    expect(updatedWithin({}, span)).toBe(false);
    expect(updatedWithin({}, undefined)).toBe(true);
  });

  it('refuses what is not a date, naming the parameter', () => {
    for (const bad of [
      'yesterday',
      'ne2026-11-01',
      'ge2026-13-01',
      '2026-11-01T10:00',
      'ge2026-11-01\u0000',
    ]) {
      let error: unknown;
      try {
        lastUpdatedSpan(bad);
      } catch (err) {
        error = err;
      }
      expect(error, bad).toBeInstanceOf(AppError);
      expect((error as AppError).issues?.[0]?.path, bad).toBe('_lastUpdated');
    }
  });
});
