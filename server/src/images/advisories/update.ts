/**
 * `drydock db update`: downloads OSV's per-ecosystem `all.zip` exports into a local directory that
 * `loadAdvisoryDatabase` reads. Each download goes to a temporary file, is hashed while it streams, checked to be
 * a readable zip, and only then renamed over the previous copy, so a failed or partial download never replaces
 * a good database. `metadata.json` beside each zip records where it came from, when, and its sha256.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METADATA_FILE } from './load';
import { listZipEntries } from './zip';
import { trimTrailing } from '../../core/text';

export const DEFAULT_OSV_BASE_URL = 'https://osv-vulnerabilities.storage.googleapis.com';

export interface UpdateDatabaseOptions {
  /** OSV ecosystem names: `Debian`, `Alpine`, `Ubuntu`, `npm`, `PyPI`, or one release such as `Debian:12`. */
  ecosystems: readonly string[];
  /** Where the zips go (created when missing); one sub-directory per ecosystem. */
  directory: string;
  /** Defaults to OSV's public bucket; point it at a mirror for air-gapped networks. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Largest download accepted (default 1 GiB; npm's export alone is about 210 MB). */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Give up when the server sends nothing for this long (default 60 s), so a stalled mirror cannot hang the update. */
  idleTimeoutMs?: number;
  now?: () => Date;
}

export interface DatabaseMetadata {
  ecosystem: string;
  source: string;
  downloadedAt: string;
  sha256: string;
  bytes: number;
  entries: number;
}

export interface UpdatedEcosystem extends DatabaseMetadata {
  /** Path of the downloaded zip. */
  path: string;
}

const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const ECOSYSTEM_NAME = /^[A-Za-z0-9][A-Za-z0-9 .:_-]{0,99}$/;

/** The directory name of an ecosystem: readable, and safe on every file system (no `:`, no spaces). */
export function ecosystemDirectoryName(ecosystem: string): string {
  return ecosystem.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function ecosystemDownloadUrl(baseUrl: string, ecosystem: string): string {
  return `${trimTrailing(baseUrl, '/')}/${encodeURIComponent(ecosystem).replace(/%3A/g, ':')}/all.zip`;
}

/** The URL as it may appear in messages and metadata: a mirror's `user:password@` is never shown. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '***';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<unparsable URL>';
  }
}

/** fetch refuses URLs with `user:password@`: send them as HTTP Basic credentials instead. */
function credentialsToHeader(url: string): { url: string; headers: Record<string, string> } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { url, headers: {} };
  const basic = Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64');
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), headers: { authorization: `Basic ${basic}` } };
}

async function download(url: string, target: string, options: UpdateDatabaseOptions): Promise<{ sha256: string; bytes: number }> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const shown = redactUrl(url);
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(new Error(`downloading ${shown}: no data for ${idleTimeoutMs} ms, gave up`)), idleTimeoutMs);
  };
  const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;
  const file = await open(target, 'wx', 0o644);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    touch();
    let response: Response;
    try {
      const request = credentialsToHeader(url);
      response = await fetchImpl(request.url, { redirect: 'follow', signal, headers: request.headers });
    } catch (error) {
      if (signal.aborted && signal.reason instanceof Error) throw signal.reason;
      throw new Error(`downloading ${shown} failed: ${(error as Error).message.split(url).join(shown)}`);
    }
    if (!response.ok) throw new Error(`downloading ${shown} failed: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) throw new Error(`downloading ${shown}: ${declared} bytes announced, over the limit of ${maxBytes}`);
    if (!response.body) throw new Error(`downloading ${shown}: empty response`);
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        touch();
        bytes += chunk.length;
        if (bytes > maxBytes) throw new Error(`downloading ${shown}: more than ${maxBytes} bytes, stopped`);
        hash.update(chunk);
        await file.write(chunk);
      }
    } catch (error) {
      throw signal.aborted && signal.reason instanceof Error ? signal.reason : error;
    }
    await file.sync();
  } finally {
    clearTimeout(timer);
    await file.close();
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = join(path, '..', `.${METADATA_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { flag: 'wx', mode: 0o644 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Downloads `<baseUrl>/<ecosystem>/all.zip` for each ecosystem into `<directory>/<ecosystem>/all.zip` with its
 * `metadata.json`. Ecosystems are fetched one after another; the first failure throws, leaving the ecosystems
 * already updated in place and the failed one as it was.
 */
export async function updateDatabase(options: UpdateDatabaseOptions): Promise<UpdatedEcosystem[]> {
  const baseUrl = options.baseUrl ?? DEFAULT_OSV_BASE_URL;
  if (!/^https?:\/\//.test(baseUrl)) throw new Error(`advisory base URL must be http(s): ${baseUrl}`);
  const now = options.now ?? (() => new Date());
  const results: UpdatedEcosystem[] = [];
  for (const ecosystem of options.ecosystems) {
    if (!ECOSYSTEM_NAME.test(ecosystem)) throw new Error(`not an OSV ecosystem name: ${JSON.stringify(ecosystem)}`);
    const folder = join(options.directory, ecosystemDirectoryName(ecosystem));
    await mkdir(folder, { recursive: true });
    const url = ecosystemDownloadUrl(baseUrl, ecosystem);
    const zipPath = join(folder, 'all.zip');
    const temporary = join(folder, `.all.zip.${randomBytes(6).toString('hex')}.tmp`);
    let metadata: DatabaseMetadata;
    try {
      const { sha256, bytes } = await download(url, temporary, options);
      let entries: number;
      try {
        entries = listZipEntries(await readFile(temporary)).length;
      } catch (error) {
        throw new Error(`downloaded ${redactUrl(url)} is not a usable zip: ${(error as Error).message}`);
      }
      metadata = { ecosystem, source: redactUrl(url), downloadedAt: now().toISOString(), sha256, bytes, entries };
      await rename(temporary, zipPath);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await writeFileAtomically(join(folder, METADATA_FILE), `${JSON.stringify(metadata, null, 2)}\n`);
    results.push({ ...metadata, path: zipPath });
  }
  return results;
}

/** The metadata of each downloaded ecosystem under `directory` (for "database built …" in hovers and the CLI). */
export async function readDatabaseMetadata(directory: string, ecosystems: readonly string[]): Promise<DatabaseMetadata[]> {
  const out: DatabaseMetadata[] = [];
  for (const ecosystem of ecosystems) {
    try {
      const text = await readFile(join(directory, ecosystemDirectoryName(ecosystem), METADATA_FILE), 'utf8');
      out.push(JSON.parse(text) as DatabaseMetadata);
    } catch {
      // Not downloaded yet.
    }
  }
  return out;
}
