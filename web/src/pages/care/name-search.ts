/**
 * The enrollee search as the API reads it. The API matches a family name, a given name, "Given Family", a
 * MassHealth ID or an MBI; a name written as the lists show it, "Family, Given", is turned round to
 * "Given Family" so it finds the same person.
 */
export function enrolleeSearch(typed: string): string {
  const q = typed.trim().replace(/\s+/g, ' ');
  const comma = /^([^,]+),\s*([^,]+)$/.exec(q);
  return comma ? `${comma[2]!.trim()} ${comma[1]!.trim()}` : q;
}
