/**
 * Version ordering per packaging scheme. One entry point, `compareVersions(scheme, a, b)`, so advisory matching
 * never needs to know which ecosystem uses which rules.
 */
import { compareApkVersions, isValidApkVersion } from './apk';
import { compareDpkgVersions, isValidDpkgVersion } from './dpkg';
import { comparePep440Versions, isValidPep440Version } from './pep440';
import { compareRpmVersions } from './rpm';
import { compareSemverVersions, isValidSemverVersion } from './semver';
import type { Comparison, VersionScheme } from './types';

export { InvalidVersionError } from './types';
export type { Comparison, VersionScheme } from './types';
export { compareDpkgVersions, isValidDpkgVersion, parseDpkgVersion } from './dpkg';
export type { DpkgVersion } from './dpkg';
export { compareApkVersions, isValidApkVersion } from './apk';
export { compareRpmVersions, parseRpmVersion, rpmvercmp } from './rpm';
export type { RpmVersion } from './rpm';
export { compareSemverVersions, isValidSemverVersion } from './semver';
export { comparePep440Versions, isValidPep440Version } from './pep440';

const comparators: Record<VersionScheme, (a: string, b: string) => Comparison> = {
  dpkg: compareDpkgVersions,
  apk: compareApkVersions,
  rpm: compareRpmVersions,
  semver: compareSemverVersions,
  pep440: comparePep440Versions,
};

export const versionSchemes: readonly VersionScheme[] = Object.keys(comparators) as VersionScheme[];

/**
 * -1, 0 or 1 as `a` is older than, equal to or newer than `b` under `scheme`.
 * Throws InvalidVersionError when the scheme cannot read a version (semver, PEP 440; a dpkg epoch that is no number).
 */
export function compareVersions(scheme: VersionScheme, a: string, b: string): Comparison {
  return comparators[scheme](a, b);
}

/** Whether the version is well-formed for the scheme (rpm orders any string, so every non-empty one is valid). */
export function isValidVersion(scheme: VersionScheme, version: string): boolean {
  switch (scheme) {
    case 'dpkg':
      return isValidDpkgVersion(version);
    case 'apk':
      return isValidApkVersion(version);
    case 'rpm':
      return version.trim() !== '';
    case 'semver':
      return isValidSemverVersion(version);
    case 'pep440':
      return isValidPep440Version(version);
  }
}
