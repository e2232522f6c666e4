/** Alpine's package database `lib/apk/db/installed`: blank-line separated records of `X:value` lines. */
import type { InstalledPackage } from '../../types';

export function parseApkInstalled(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  let name: string | undefined;
  let version: string | undefined;
  let origin: string | undefined;
  const flush = () => {
    if (name && version) {
      packages.push({ ecosystem: 'apk', name, version, sourceName: origin ?? name, sourceVersion: version });
    }
    name = version = origin = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (line[1] !== ':') continue;
    const value = line.slice(2).trim();
    switch (line[0]) {
      case 'P':
        // A record without its blank line still starts at its P: line.
        if (name !== undefined) flush();
        name = value;
        break;
      case 'V':
        version = value;
        break;
      case 'o':
        origin = value || undefined;
        break;
    }
  }
  flush();
  return packages;
}
