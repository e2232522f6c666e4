/**
 * `drydock scan --online` and `drydock db update`: the only network the CLI uses, and only when
 * asked. Images are looked up once per reference (registry caches under ~/.cache/drydock), then
 * the documents are analysed again with what the registry said.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { factsKey, factsProvider, type AdvisoryPort, type ImageFactsProvider } from '../core/images/facts';
import type { ImageUse } from '../core/images/references';
import { DockerConfigCredentialProvider, RegistryCache, RegistryClient, insecureRegistryMatcher, parsePlatform } from '../images/registry';
import { loadAdvisoryDatabase, readDatabaseMetadata, updateDatabase, type AdvisoryDatabase } from '../images/advisories';
import { advisoryPort, cacheRoot, defaultDatabaseDir, osvApiUrl } from '../localData';
import { ImageScanner } from '../images/scanner';
import { DEFAULT_ECOSYSTEMS } from './args';

export interface OnlineScan {
  images: ImageFactsProvider;
  advisories?: AdvisoryPort;
  /** Human-readable notes for stderr (no database, scans that failed). */
  notes: string[];
  requests: number;
}

/** Scans every distinct image of `uses` (four at a time) and returns the facts. */
export async function scanImages(
  uses: readonly ImageUse[],
  options: { db?: string; platform?: string; insecureRegistries?: readonly string[] },
): Promise<OnlineScan> {
  const notes: string[] = [];
  const dbPath = options.db ?? defaultDatabaseDir();
  let database: AdvisoryDatabase | undefined;
  let databaseDate: string | undefined;
  if (existsSync(dbPath)) {
    database = await loadAdvisoryDatabase(dbPath);
    for (const warning of database.warnings.slice(0, 5)) notes.push(`advisory database: ${warning}`);
    const metadata = await readDatabaseMetadata(dbPath, DEFAULT_ECOSYSTEMS).catch(() => []);
    // The oldest download is the honest date of the whole database.
    databaseDate = metadata.map((m) => m.downloadedAt).sort()[0];
  } else {
    notes.push(`no advisory database at ${dbPath}: asking the OSV API (${osvApiUrl()}); \`drydock db update\` makes scans local`);
  }
  const client = new RegistryClient({
    credentials: new DockerConfigCredentialProvider(),
    cache: new RegistryCache({ dir: join(cacheRoot(), 'registry') }),
    insecureRegistries: insecureRegistryMatcher(options.insecureRegistries ?? []),
    onInsecureRegistry: (registry) => notes.push(`TLS verification is OFF for registry ${registry} (--insecure-registry)`),
  });
  const scanner = new ImageScanner({
    client,
    database,
    databaseDate,
    osvApi: database ? false : { baseUrl: osvApiUrl() },
    platform: options.platform ? parsePlatform(options.platform) : undefined,
  });
  const pending = new Map<string, { use: ImageUse; platform?: string }>();
  for (const use of uses) {
    const platform = use.platform ?? options.platform;
    pending.set(factsKey(use.ref, platform), { use, platform });
  }
  const queue = [...pending.values()];
  const workers = Array.from({ length: Math.min(4, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const facts = await scanner.scan(next.use.ref, next.platform);
      if (facts.error) notes.push(`${next.use.text}: ${facts.error.message}`);
    }
  });
  await Promise.all(workers);
  return { images: factsProvider(scanner.facts), advisories: database ? advisoryPort(database, databaseDate) : undefined, notes, requests: client.requests };
}

export async function updateAdvisories(options: { dir?: string; ecosystems: string[]; baseUrl?: string }): Promise<string[]> {
  const directory = options.dir ?? defaultDatabaseDir();
  const results = await updateDatabase({ ecosystems: options.ecosystems, directory, baseUrl: options.baseUrl });
  return results.map((r) => JSON.stringify(r));
}
