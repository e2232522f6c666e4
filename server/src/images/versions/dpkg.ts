/**
 * Debian version ordering (Debian Policy §5.6.12, dpkg's `verrevcmp`): `[epoch:]upstream[-revision]`, compared
 * epoch numerically, then upstream and revision alternating non-digit runs (letters before non-letters, `~` before
 * everything, even the end) and digit runs (by value).
 */
import { type Comparison, InvalidVersionError, compareDigitRuns, sign } from './types';

export interface DpkgVersion {
  epoch: number;
  upstream: string;
  /** Empty when the version has no `-`; dpkg orders a missing revision like `0`. */
  revision: string;
}

const EPOCH = /^[0-9]+$/;
const UPSTREAM_CHARS = /^[A-Za-z0-9.+~:-]+$/;
const REVISION_CHARS = /^[A-Za-z0-9.+~]+$/;

export function parseDpkgVersion(version: string): DpkgVersion {
  const text = version.trim();
  let epoch = 0;
  let rest = text;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const epochText = text.slice(0, colon);
    if (!EPOCH.test(epochText)) throw new InvalidVersionError('dpkg', version, 'epoch is not a number');
    epoch = Number(epochText);
    if (!Number.isSafeInteger(epoch) || epoch > 2147483647) throw new InvalidVersionError('dpkg', version, 'epoch is too big');
    rest = text.slice(colon + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const revision = hyphen >= 0 ? rest.slice(hyphen + 1) : '';
  if (upstream === '') throw new InvalidVersionError('dpkg', version, 'upstream version is empty');
  if (hyphen >= 0 && revision === '') throw new InvalidVersionError('dpkg', version, 'revision is empty');
  return { epoch, upstream, revision };
}

/** dpkg's own syntax check (`dpkg --compare-versions` refuses or warns on anything else). */
export function isValidDpkgVersion(version: string): boolean {
  let parsed: DpkgVersion;
  try {
    parsed = parseDpkgVersion(version);
  } catch {
    return false;
  }
  if (!/^[0-9]/.test(parsed.upstream) || !UPSTREAM_CHARS.test(parsed.upstream)) return false;
  if (parsed.upstream.includes(':') && !version.trim().includes(':')) return false;
  return parsed.revision === '' || REVISION_CHARS.test(parsed.revision);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Weight of one character of a non-digit run; 0 stands for the end of the string (and digits, which end a run). */
function order(c: number): number {
  if (Number.isNaN(c) || isDigit(c)) return 0;
  if (isLetter(c)) return c;
  if (c === 126 /* ~ */) return -1;
  return c + 256;
}

/** dpkg's `verrevcmp` on one part (upstream or revision). */
export function compareDpkgPart(a: string, b: string): Comparison {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a.charCodeAt(i));
      const bc = order(b.charCodeAt(j));
      if (ac !== bc) return sign(ac - bc);
      i++;
      j++;
    }
    const startA = i;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    const startB = j;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const byValue = compareDigitRuns(a.slice(startA, i), b.slice(startB, j));
    if (byValue !== 0) return byValue;
  }
  return 0;
}

export function compareDpkgVersions(a: string, b: string): Comparison {
  const x = parseDpkgVersion(a);
  const y = parseDpkgVersion(b);
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return compareDpkgPart(x.upstream, y.upstream) || compareDpkgPart(x.revision, y.revision);
}
