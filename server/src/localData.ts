/**
 * Where both shells keep and look for local data — the registry cache, the advisory database,
 * model feedback — and which OSV endpoint they ask. Shared so the editor and `drydock scan`
 * read the same files and agree on results.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AdvisoryPort } from './core/images/facts';
import { DEFAULT_OSV_API_URL, matchPinnedPackages, type AdvisoryDatabase } from './images/advisories';

/** The OSV API, or a mirror of it (`DRYDOCK_OSV_API_URL`). */
export function osvApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DRYDOCK_OSV_API_URL || DEFAULT_OSV_API_URL;
}

/** `$XDG_CACHE_HOME/drydock` or `~/.cache/drydock`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'drydock');
}

/** Where `drydock db update` writes the advisory database and both shells read it. */
export function defaultDatabaseDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'osv');
}

/** The core's view of a loaded database: pinned-package queries. */
export function advisoryPort(database: AdvisoryDatabase, date?: string): AdvisoryPort {
  return { matchPinned: (packages, osEcosystem) => matchPinnedPackages(packages, osEcosystem, database), date };
}
