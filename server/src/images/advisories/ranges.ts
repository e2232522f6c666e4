/**
 * Whether a version falls in an OSV `affected` entry (its `ECOSYSTEM`/`SEMVER` ranges and `versions[]` list), and
 * the `fixed` version that ends the range it falls in. Follows the evaluation in the OSV schema: events are sorted
 * by version and applied in order (`introduced` turns affected on, `fixed` and `last_affected` turn it off), and a
 * range with `limit` events only covers versions below one of them. `GIT` ranges name commits, not versions: they
 * are ignored.
 */
import { compareVersions, type VersionScheme } from '../versions';
import { versionSchemeForEcosystem } from './ecosystems';
import type { OsvAffected, OsvEvent, OsvRange } from './osv';

export interface AffectedEvaluation {
  affected: boolean;
  /** The smallest `fixed` event above the version in a range that covers it; undefined when nothing fixes it. */
  fixedVersion?: string;
}

type Compare = (a: string, b: string) => number;

function eventVersion(event: OsvEvent): string {
  return event.introduced ?? event.fixed ?? event.last_affected ?? event.limit ?? '';
}

/** Sort key order when two events name the same version: the range opens before it closes. */
function eventRank(event: OsvEvent): number {
  return event.introduced !== undefined ? 0 : event.last_affected !== undefined ? 1 : 2;
}

function isOpenStart(event: OsvEvent): boolean {
  return event.introduced === '0';
}

/**
 * Evaluates one range. Throws InvalidVersionError when an event's version cannot be read with the range's rules
 * (the caller reports the advisory as unreadable rather than guessing).
 */
export function evaluateRange(range: OsvRange, version: string, compare: Compare): AffectedEvaluation {
  const ordered = range.events.filter((e) => e.limit === undefined);
  const limits = range.events.filter((e) => e.limit !== undefined).map((e) => e.limit as string);
  ordered.sort((a, b) => {
    if (isOpenStart(a) || isOpenStart(b)) return isOpenStart(a) === isOpenStart(b) ? 0 : isOpenStart(a) ? -1 : 1;
    return compare(eventVersion(a), eventVersion(b)) || eventRank(a) - eventRank(b);
  });

  let affected = false;
  for (const event of ordered) {
    if (event.introduced !== undefined) {
      if (isOpenStart(event) || compare(version, event.introduced) >= 0) affected = true;
    } else if (event.fixed !== undefined) {
      if (compare(version, event.fixed) >= 0) affected = false;
    } else if (event.last_affected !== undefined) {
      if (compare(version, event.last_affected) > 0) affected = false;
    }
  }
  if (affected && limits.length > 0 && !limits.some((limit) => limit === '*' || compare(version, limit) < 0)) affected = false;
  if (!affected) return { affected: false };
  return { affected: true, fixedVersion: smallestFixAbove(ordered, version, compare) };
}

function smallestFixAbove(events: OsvEvent[], version: string, compare: Compare): string | undefined {
  let best: string | undefined;
  for (const event of events) {
    const fixed = event.fixed;
    if (fixed === undefined || compare(fixed, version) <= 0) continue;
    if (best === undefined || compare(fixed, best) < 0) best = fixed;
  }
  return best;
}

/** The version rules of a range: `SEMVER` ranges are SemVer 2.0 whatever the ecosystem. */
export function rangeScheme(range: OsvRange, ecosystem: string): VersionScheme | undefined {
  if (range.type === 'SEMVER') return 'semver';
  if (range.type === 'ECOSYSTEM') return versionSchemeForEcosystem(ecosystem);
  return undefined;
}

/**
 * Evaluates a whole `affected` entry for `version` in `ecosystem`. An exact entry of `versions[]` counts even when
 * no range covers it; its fix is then the smallest `fixed` event above the version in any range, if one exists.
 */
export function evaluateAffected(affected: OsvAffected, ecosystem: string, version: string): AffectedEvaluation {
  const ecosystemScheme = versionSchemeForEcosystem(ecosystem);
  const fixes: string[] = [];
  let inRange = false;
  let fixCompare: Compare | undefined;
  for (const range of affected.ranges ?? []) {
    const scheme = rangeScheme(range, ecosystem);
    if (!scheme) continue;
    const compare: Compare = (a, b) => compareVersions(scheme, a, b);
    fixCompare ??= compare;
    const result = evaluateRange(range, version, compare);
    if (result.affected) {
      inRange = true;
      if (result.fixedVersion !== undefined) fixes.push(result.fixedVersion);
    }
  }
  let listed = false;
  if (!inRange && affected.versions?.length) {
    listed = affected.versions.some((v) => v === version || (ecosystemScheme !== undefined && safeEqual(ecosystemScheme, v, version)));
    if (listed) {
      for (const range of affected.ranges ?? []) {
        const scheme = rangeScheme(range, ecosystem);
        if (!scheme) continue;
        const fix = smallestFixAbove(range.events, version, (a, b) => compareVersions(scheme, a, b));
        if (fix !== undefined) fixes.push(fix);
      }
    }
  }
  if (!inRange && !listed) return { affected: false };
  const compare = fixCompare ?? ((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0));
  const fixedVersion = fixes.reduce<string | undefined>((best, fix) => (best === undefined || compare(fix, best) < 0 ? fix : best), undefined);
  return fixedVersion === undefined ? { affected: true } : { affected: true, fixedVersion };
}

/** `versions[]` entries are free-form strings: one the scheme cannot read simply does not equal the version. */
function safeEqual(scheme: VersionScheme, a: string, b: string): boolean {
  try {
    return compareVersions(scheme, a, b) === 0;
  } catch {
    return false;
  }
}
