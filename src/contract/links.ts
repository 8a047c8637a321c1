import { z } from 'zod';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A link Concord may store and show: `https:`, or `http:` on this machine (a local webinar tool in a
 * demo). Never `javascript:`, `data:` or another scheme a click would run, and never one with a user
 * name or password in it (a way to disguise where a link goes).
 */
export function isSafeLink(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password || !url.hostname) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/** A stored link, checked as `isSafeLink` says. */
export const webLink = () =>
  z
    .string()
    .trim()
    .max(2_000)
    .refine(isSafeLink, 'Use a web address that starts with https:// (for example https://zoom.us/j/123).');

/** The link to put in a page, or nothing when it is not one Concord would store today. */
export const safeHref = (text: string | null | undefined) => (text && isSafeLink(text) ? text : undefined);
