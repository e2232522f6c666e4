/** Python distribution metadata: `*.dist-info/METADATA`, `*.egg-info/PKG-INFO` (core metadata, RFC 822 headers). */
import type { InstalledPackage } from '../../types';
import { headerBlock } from './fields';

/** PEP 503 normalised project name: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalisePythonName(name: string): string {
  return name.trim().replace(/[-_.]+/g, '-').toLowerCase();
}

export function parsePythonMetadata(text: string): InstalledPackage | undefined {
  const fields = headerBlock(text);
  const name = fields.get('name');
  const version = fields.get('version');
  if (!name || !version) return undefined;
  return { ecosystem: 'pypi', name: normalisePythonName(name), version: version.trim() };
}
