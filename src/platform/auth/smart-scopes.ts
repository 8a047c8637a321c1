// SMART on FHIR system scopes, as a client may be granted them (decision 065): `system/Patient.rs`,
// `system/*.r`, or the v1 spelling `system/Patient.read`. The FHIR API only reads, so only read (r) and
// search (s) can be granted.

const SCOPE = /^system\/(\*|[A-Z][A-Za-z]{1,63})\.(read|[rs]{1,2})$/;

/** Why a scope cannot be granted, or undefined when it can; `served` names the resource types there are. */
export function scopeProblem(scope: string, served?: readonly string[]): string | undefined {
  const m = SCOPE.exec(scope);
  if (m && served && m[1] !== '*' && !served.includes(m[1]!))
    return `The FHIR API serves no ${m[1]}: see /fhir/R4/metadata for the types it reads`;
  if (m)
    return m[2] === 'sr' || m[2] === 'rr' || m[2] === 'ss'
      ? `Write the permissions once, in SMART's order: system/${m[1]}.rs`
      : undefined;
  if (/^system\/(?:\*|[A-Z][A-Za-z]{1,63})\.(?:[cruds]+|write)$/.test(scope))
    return `The FHIR API only reads: grant system/Type.rs, not "${scope}"`;
  if (/^(?:patient|user)\//.test(scope)) return `Only system scopes are granted to a client: "${scope}"`;
  return `"${scope}" is not a SMART system scope like system/Patient.rs`;
}

/** What a scope permits: read (`r`) and search (`s`) of a type, `*` for every type. */
function permits(scope: string) {
  const m = SCOPE.exec(scope);
  if (!m) return undefined;
  return { type: m[1]!, letters: m[2] === 'read' ? 'rs' : m[2]! };
}

/** Whether the scopes allow reading (`r`) or searching (`s`) resources of the type. */
export function scopesAllow(scopes: readonly string[], type: string, interaction: 'r' | 's') {
  return scopes.some((scope) => {
    const p = permits(scope);
    return Boolean(p && (p.type === '*' || p.type === type) && p.letters.includes(interaction));
  });
}

/**
 * The scopes a token request is given: every scope asked for must lie within those granted (a client
 * granted `system/*.rs` may ask for `system/Patient.r`); none asked for means all granted (RFC 6749 §3.3).
 */
export function grantedOf(asked: string | undefined, granted: readonly string[]) {
  const wanted = asked?.split(' ').filter(Boolean) ?? [];
  if (!wanted.length) return { scopes: [...granted], refused: undefined };
  const within = (scope: string) => {
    const p = permits(scope);
    return Boolean(
      p &&
        [...p.letters].every((l) =>
          granted.some((g) => {
            const q = permits(g);
            return q && (q.type === '*' || q.type === p.type) && q.letters.includes(l);
          }),
        ),
    );
  };
  const refused = wanted.filter((s) => !within(s));
  return refused.length ? { scopes: [], refused } : { scopes: [...new Set(wanted)], refused: undefined };
}
