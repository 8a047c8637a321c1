/**
 * National Provider Identifier check digit: the Luhn algorithm over the 9-digit base prefixed with the
 * card-issuer code 80840 (CMS, "NPI check digit"). The prefix contributes a constant 24.
 */
export function npiCheckDigit(base9: string): number {
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    let d = base9.charCodeAt(8 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidNpi(npi: string): boolean {
  if (!/^[12]\d{9}$/.test(npi)) return false;
  return npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]);
}

/** Why an NPI is not valid, in words a person can act on; null when it is. */
export function npiProblem(npi: string): string | null {
  if (!/^\d{10}$/.test(npi)) return 'Enter the NPI as its 10 digits';
  if (!/^[12]/.test(npi)) return 'An NPI starts with 1 or 2';
  if (!isValidNpi(npi)) return 'The check digit does not match; look for a mistyped digit';
  return null;
}

/** Makes a valid NPI from a 9-digit base (used by the demo and benchmark data). */
export function npiFromBase(base9: string): string {
  return `${base9}${npiCheckDigit(base9)}`;
}
