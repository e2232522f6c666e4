/** Python (PEP 440) ordering through @renovatebot/pep440: epochs, pre/post/dev releases, local versions. */
import * as pep440 from '@renovatebot/pep440';
import { type Comparison, InvalidVersionError, sign } from './types';

export function isValidPep440Version(version: string): boolean {
  return pep440.valid(version.trim()) !== null;
}

export function comparePep440Versions(a: string, b: string): Comparison {
  // The library throws a TypeError from inside its parser on invalid input; give a clear error instead.
  for (const v of [a, b]) if (!isValidPep440Version(v)) throw new InvalidVersionError('pep440', v, 'not a PEP 440 version');
  return sign(pep440.compare(a.trim(), b.trim()));
}
