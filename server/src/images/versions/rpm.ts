/**
 * RPM version ordering: `rpmvercmp` on `[epoch:]version[-release]`. Runs of digits compare by value, runs of
 * letters as strings, a digit run beats a letter run, other characters only separate; `~` sorts before anything
 * (even the end: `1.0~rc1 < 1.0`) and `^` after the end but before any further segment (`1.0 < 1.0^git1 < 1.0.1`).
 */
import { type Comparison, compareDigitRuns } from './types';

export interface RpmVersion {
  epoch: number;
  version: string;
  release: string;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isAlpha(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
function isSeparator(c: string): boolean {
  return !isDigit(c) && !isAlpha(c) && c !== '~' && c !== '^';
}

/** rpm's `rpmvercmp` on one version or release string. */
export function rpmvercmp(a: string, b: string): Comparison {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && isSeparator(a[i])) i++;
    while (j < b.length && isSeparator(b[j])) j++;
    const ca = a[i] ?? '';
    const cb = b[j] ?? '';
    if (ca === '~' || cb === '~') {
      if (ca !== '~') return 1;
      if (cb !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '^' || cb === '^') {
      if (ca === '') return -1;
      if (cb === '') return 1;
      if (ca !== '^') return 1;
      if (cb !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '' || cb === '') break;
    const numeric = isDigit(ca);
    const inRun = numeric ? isDigit : isAlpha;
    const startA = i;
    while (i < a.length && inRun(a[i])) i++;
    const startB = j;
    while (j < b.length && inRun(b[j])) j++;
    const runA = a.slice(startA, i);
    const runB = b.slice(startB, j);
    // Segments of different kinds: a number is newer than letters.
    if (runB === '') return numeric ? 1 : -1;
    const byRun = numeric ? compareDigitRuns(runA, runB) : runA < runB ? -1 : runA > runB ? 1 : 0;
    if (byRun !== 0) return byRun;
  }
  const restA = i < a.length;
  const restB = j < b.length;
  if (!restA && !restB) return 0;
  return restA ? 1 : -1;
}

export function parseRpmVersion(text: string): RpmVersion {
  let rest = text.trim();
  let epoch = 0;
  const colon = rest.indexOf(':');
  if (colon >= 0 && /^[0-9]+$/.test(rest.slice(0, colon))) {
    epoch = Number(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  return hyphen >= 0 ? { epoch, version: rest.slice(0, hyphen), release: rest.slice(hyphen + 1) } : { epoch, version: rest, release: '' };
}

/** `[epoch:]version[-release]`: epoch (missing = 0), then version, then release with `rpmvercmp`. */
export function compareRpmVersions(a: string, b: string): Comparison {
  const x = parseRpmVersion(a);
  const y = parseRpmVersion(b);
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return rpmvercmp(x.version, y.version) || rpmvercmp(x.release, y.release);
}
