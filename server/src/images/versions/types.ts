/** Version ordering schemes of the package ecosystems we match advisories for. */
export type VersionScheme = 'dpkg' | 'apk' | 'rpm' | 'semver' | 'pep440';

export type Comparison = -1 | 0 | 1;

/** A version a scheme cannot order (PEP 440 and semver are strict; dpkg, apk and rpm order anything). */
export class InvalidVersionError extends Error {
  constructor(
    readonly scheme: VersionScheme,
    readonly version: string,
    reason: string,
  ) {
    super(`invalid ${scheme} version "${version.length > 80 ? `${version.slice(0, 80)}…` : version}": ${reason}`);
    this.name = 'InvalidVersionError';
  }
}

export function sign(n: number): Comparison {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Orders two runs of ASCII digits by value without overflowing (leading zeros ignored). */
export function compareDigitRuns(a: string, b: string): Comparison {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}
