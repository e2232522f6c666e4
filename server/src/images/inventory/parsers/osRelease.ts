/** os-release (freedesktop.org) and the older one-line release files of Alpine and Debian. */
import type { OsRelease } from '../../types';

/** `KEY=value` pairs of an os-release file, with shell quoting and escapes undone. */
export function parseOsReleaseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) fields.set(match[1], unquote(match[2]));
  }
  return fields;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
    const inner = value.slice(1, -1);
    return quote === '"' ? inner.replace(/\\([\\"$`])/g, '$1') : inner;
  }
  return value;
}

/** The OS an os-release file describes; undefined when the file has no fields at all. */
export function parseOsRelease(text: string): OsRelease | undefined {
  const fields = parseOsReleaseFields(text);
  if (fields.size === 0) return undefined;
  // The specification's default when ID is missing.
  const os: OsRelease = { id: (fields.get('ID') || 'linux').toLowerCase() };
  const versionId = fields.get('VERSION_ID');
  const codename = fields.get('VERSION_CODENAME');
  const prettyName = fields.get('PRETTY_NAME') || fields.get('NAME');
  if (versionId) os.versionId = versionId;
  if (codename) os.versionCodename = codename;
  if (prettyName) os.prettyName = prettyName;
  return os;
}

/** `etc/alpine-release` holds the full release (`3.12.0`). */
export function parseAlpineRelease(text: string): OsRelease | undefined {
  const version = text.trim().split('\n')[0]?.trim();
  if (!version || !/^\d+(\.\d+)*/.test(version)) return undefined;
  return { id: 'alpine', versionId: version, prettyName: `Alpine Linux v${version.split('.').slice(0, 2).join('.')}` };
}

/**
 * `etc/debian_version` holds a point release (`11.6`), where os-release's VERSION_ID is the major (`11`);
 * testing and unstable write `bookworm/sid`, which names no release number.
 */
export function parseDebianVersion(text: string): OsRelease | undefined {
  const value = text.trim().split('\n')[0]?.trim();
  if (!value) return undefined;
  const major = /^(\d+)(?:\.\d+)*$/.exec(value)?.[1];
  if (major) return { id: 'debian', versionId: major };
  const codename = /^([a-z]+)\/sid$/.exec(value)?.[1];
  return codename ? { id: 'debian', versionCodename: codename } : undefined;
}
