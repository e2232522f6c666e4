/**
 * The OSV query API (https://google.github.io/osv.dev/api/), used when the network is enabled and
 * no local database was downloaded: one `POST /v1/querybatch` for every package of an inventory
 * (distro packages by source package), then `GET /v1/vulns/{id}` for each advisory named, and the
 * records go through the same range evaluation as the offline database.
 */
import type { Inventory } from '../types';
import { AdvisoryDatabase } from './database';
import { osEcosystems } from './ecosystems';
import { parseOsvRecord, type OsvRecord } from './osv';
import { trimTrailing } from '../../core/text';

export const DEFAULT_OSV_API_URL = 'https://api.osv.dev';

export interface OsvApiOptions {
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  /** Per request (default 20 s). */
  timeoutMs?: number;
  /** At most this many advisories fetched for one inventory (default 500). */
  maxAdvisories?: number;
}

interface BatchQuery {
  package: { name: string; ecosystem: string };
  version: string;
}

const BATCH_SIZE = 1000;
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** The queries an inventory needs: one per (ecosystem, package, version), distro packages by source. */
export function osvQueries(inventory: Inventory): BatchQuery[] {
  const seen = new Set<string>();
  const queries: BatchQuery[] = [];
  const distro = osEcosystems(inventory.os)[0];
  for (const p of inventory.packages) {
    const ecosystem = p.ecosystem === 'npm' ? 'npm' : p.ecosystem === 'pypi' ? 'PyPI' : (p.ecosystem === 'deb' || p.ecosystem === 'apk') && distro ? distro : undefined;
    if (!ecosystem) continue;
    const name = p.ecosystem === 'deb' || p.ecosystem === 'apk' ? (p.sourceName ?? p.name) : p.name;
    const version = p.ecosystem === 'deb' ? (p.sourceVersion ?? p.version) : p.version;
    const key = `${ecosystem}\u0000${name}\u0000${version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    queries.push({ package: { name, ecosystem }, version });
  }
  return queries;
}

async function requestJson(url: string, init: RequestInit, options: OsvApiOptions): Promise<unknown> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 20_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const response = await fetchImpl(url, { ...init, signal, redirect: 'follow' });
  if (!response.ok) throw new Error(`OSV API answered ${response.status} ${response.statusText} for ${new URL(url).pathname}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_RESPONSE_BYTES) throw new Error(`OSV API response of ${length} bytes is above the ${MAX_RESPONSE_BYTES}-byte limit`);
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) throw new Error('OSV API response is above the size limit');
  return JSON.parse(text) as unknown;
}

/** Advisories for an inventory from the OSV API, as an in-memory database the matcher reads. */
export async function advisoriesFromOsvApi(inventory: Inventory, options: OsvApiOptions = {}): Promise<{ database: AdvisoryDatabase; warnings: string[] }> {
  const base = trimTrailing(options.baseUrl ?? DEFAULT_OSV_API_URL, '/');
  if (!/^https?:\/\//.test(base)) throw new Error(`OSV API URL must be http(s): ${base}`);
  const queries = osvQueries(inventory);
  const ids = new Set<string>();
  const warnings: string[] = [];
  for (let i = 0; i < queries.length; i += BATCH_SIZE) {
    const batch = queries.slice(i, i + BATCH_SIZE);
    const answer = (await requestJson(`${base}/v1/querybatch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queries: batch }) }, options)) as {
      results?: { vulns?: { id?: string }[]; next_page_token?: string }[];
    };
    for (const result of answer.results ?? []) {
      for (const vuln of result.vulns ?? []) if (typeof vuln.id === 'string' && /^[A-Za-z0-9._:-]+$/.test(vuln.id)) ids.add(vuln.id);
      if (result.next_page_token) warnings.push('OSV API paginated a package with very many advisories; only the first page was read');
    }
  }
  const limit = options.maxAdvisories ?? 500;
  if (ids.size > limit) warnings.push(`OSV API named ${ids.size} advisories; the first ${limit} were fetched`);
  const records: OsvRecord[] = [];
  for (const id of [...ids].slice(0, limit)) {
    const parsed = parseOsvRecord(await requestJson(`${base}/v1/vulns/${encodeURIComponent(id)}`, { method: 'GET' }, options));
    if ('record' in parsed) records.push(parsed.record);
    else warnings.push(`OSV API record ${id}: ${parsed.error}`);
  }
  return { database: AdvisoryDatabase.fromRecords(records), warnings };
}
