/**
 * The schema library's own phrasing ("Too small: expected string to have >=1 characters", "Invalid input:
 * expected string, received null", "Unrecognized key"), which must never reach a person. The server turns
 * every issue into plain words (plain-messages.ts); the web app checks again before showing a message, in
 * case one slips through, and tests look for it. Browser code: no Node built-ins.
 */
export const LIBRARY_WORDS =
  /\bexpected\b|\breceived\b|Invalid (input|option|ISO|email|UUID|URL|string|date|key|element|union|literal)|Too (small|big)|>=|<=|Unrecognized/;

export const isLibraryText = (message: string) => LIBRARY_WORDS.test(message);
