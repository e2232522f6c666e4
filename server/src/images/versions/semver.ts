/** npm / SemVer 2.0 ordering through node-semver (build metadata ignored, as the spec says). */
import * as semver from 'semver';
import { type Comparison, InvalidVersionError } from './types';

function parse(version: string): semver.SemVer {
  // loose: npm's own tools accept `v1.2.3` and `=1.2.3` in installed package.json files.
  const parsed = semver.parse(version.trim(), { loose: true });
  if (!parsed) throw new InvalidVersionError('semver', version, 'not a semantic version');
  return parsed;
}

export function compareSemverVersions(a: string, b: string): Comparison {
  return parse(a).compare(parse(b));
}

export function isValidSemverVersion(version: string): boolean {
  return semver.parse(version.trim(), { loose: true }) !== null;
}
