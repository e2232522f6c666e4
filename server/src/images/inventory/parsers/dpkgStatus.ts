/** dpkg's database: `var/lib/dpkg/status` and distroless' one-paragraph files in `status.d/`. */
import type { InstalledPackage } from '../../types';
import { parseParagraphs } from './fields';

/**
 * States in which the package's files are on disk and configured. `triggers-*` packages are installed and
 * only wait for another package's trigger; `config-files`, `half-installed`, `unpacked` and `not-installed`
 * are not (yet or any more) installed packages.
 */
const INSTALLED_STATES = new Set(['installed', 'triggers-pending', 'triggers-awaited']);

/** Installed packages of a dpkg status file, in file order. */
export function parseDpkgStatus(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const fields of parseParagraphs(text)) {
    const name = fields.get('package');
    const version = fields.get('version');
    if (!name || !version) continue;
    // distroless' status.d paragraphs have no Status field: every file there is an installed package.
    const status = fields.get('status');
    if (status !== undefined && !INSTALLED_STATES.has(status.split(/\s+/)[2] ?? '')) continue;
    const source = parseSourceField(fields.get('source'));
    packages.push({
      ecosystem: 'deb',
      name,
      version,
      sourceName: source?.name ?? name,
      sourceVersion: source?.version ?? version,
    });
  }
  return packages;
}

/** `Source: glibc` or `Source: zlib (1:1.2.11.dfsg-2+deb11u2)` (the version when it differs from the binary's). */
export function parseSourceField(value: string | undefined): { name: string; version?: string } | undefined {
  if (!value) return undefined;
  const match = /^(\S+)(?:\s+\(([^)]+)\))?/.exec(value.trim());
  if (!match) return undefined;
  return match[2] ? { name: match[1], version: match[2].trim() } : { name: match[1] };
}
