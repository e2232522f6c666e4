/** Tests that need system tools fail with a message that says how to get them, rather than skipping. */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const PACKAGE_OF: Record<string, string> = {
  'docker-registry': 'docker-registry',
  skopeo: 'skopeo',
  htpasswd: 'apache2-utils',
  openssl: 'openssl',
};

export function findBinary(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function requireBinaries(names: string[]): void {
  const missing = names.filter((n) => !findBinary(n));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((n) => PACKAGE_OF[n] ?? n))].join(' ');
  throw new Error(`missing ${missing.join(', ')}: scripts/setup-test-deps.sh installs them (apt-get install -y ${packages})`);
}
