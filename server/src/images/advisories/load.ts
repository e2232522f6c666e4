/**
 * Loads OSV records from disk into an AdvisoryDatabase: a directory of `.json` records (any nesting, as
 * `osv.dev`'s exports and `git clone`s of advisory repositories lay them out), OSV `all.zip` exports, or a tree
 * holding both (what `updateDatabase` writes). Symbolic links are not followed. Unreadable files become warnings;
 * only a path that cannot be read at all throws.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AdvisoryDatabase, type AdvisoryDatabaseOptions } from './database';
import { parseOsvJson } from './osv';
import { defaultZipLimits, readZipEntries, ZipError, type ZipLimits } from './zip';

export interface AdvisoryLoadLimits extends ZipLimits {
  /** Files looked at in a directory tree. */
  maxFiles: number;
  /** Size of one `.json` record file. */
  maxJsonBytes: number;
  /** Size of one `.zip` file (it is read into memory). */
  maxZipBytes: number;
  /** Directory nesting. */
  maxDepth: number;
}

export const defaultLoadLimits: AdvisoryLoadLimits = {
  ...defaultZipLimits,
  maxFiles: 2_000_000,
  maxJsonBytes: 16 * 1024 * 1024,
  maxZipBytes: 1024 * 1024 * 1024,
  maxDepth: 32,
};

export interface LoadAdvisoriesOptions extends AdvisoryDatabaseOptions {
  limits?: Partial<AdvisoryLoadLimits>;
  /** Add to this database instead of a new one. */
  into?: AdvisoryDatabase;
}

/** `updateDatabase` writes it beside each zip; it is no advisory. */
export const METADATA_FILE = 'metadata.json';
const MAX_WARNINGS = 200;

class Loader {
  readonly limits: AdvisoryLoadLimits;
  private files = 0;
  private dropped = 0;

  constructor(
    readonly database: AdvisoryDatabase,
    limits: Partial<AdvisoryLoadLimits> | undefined,
  ) {
    this.limits = { ...defaultLoadLimits, ...limits };
  }

  warn(message: string): void {
    if (this.database.warnings.length < MAX_WARNINGS) this.database.warnings.push(message);
    else this.dropped++;
  }

  finish(): void {
    if (this.dropped > 0) this.database.warnings.push(`… and ${this.dropped} more loading problems`);
  }

  addJson(text: string, where: string): void {
    const parsed = parseOsvJson(text);
    if ('error' in parsed) this.warn(`${where}: ${parsed.error}`);
    else this.database.add(parsed.record);
  }

  async loadZip(path: string, size: number): Promise<void> {
    if (size > this.limits.maxZipBytes) throw new ZipError(`${path} is ${size} bytes, over the limit of ${this.limits.maxZipBytes} for an advisory zip`);
    const buffer = await readFile(path);
    readZipEntries(
      buffer,
      (entry) => entry.name.toLowerCase().endsWith('.json') && !entry.name.endsWith('/'),
      (entry, data) => this.addJson(data.toString('utf8'), `${path}!${entry.name}`),
      (entry, error) => this.warn(`${path}!${entry.name}: ${error.message}`),
      this.limits,
    );
  }

  async loadJsonFile(path: string, size: number): Promise<void> {
    if (size > this.limits.maxJsonBytes) {
      this.warn(`${path}: ${size} bytes, over the limit of ${this.limits.maxJsonBytes} for one advisory`);
      return;
    }
    this.addJson(await readFile(path, 'utf8'), path);
  }

  async loadTree(directory: string, depth: number): Promise<void> {
    if (depth > this.limits.maxDepth) {
      this.warn(`${directory}: nested deeper than ${this.limits.maxDepth} directories, not read`);
      return;
    }
    const entries = (await readdir(directory, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    const jsonFiles: string[] = [];
    for (const entry of entries) {
      // Dot-files include the temporary downloads of updateDatabase.
      if (entry.name.startsWith('.') || entry.isSymbolicLink()) continue;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        await this.loadTree(path, depth + 1);
        continue;
      }
      if (!entry.isFile()) continue;
      const lower = entry.name.toLowerCase();
      if (!lower.endsWith('.json') && !lower.endsWith('.zip')) continue;
      if (entry.name === METADATA_FILE) continue;
      if (++this.files > this.limits.maxFiles) {
        this.warn(`${directory}: more than ${this.limits.maxFiles} files, the rest are not read`);
        return;
      }
      if (lower.endsWith('.zip')) {
        try {
          await this.loadZip(path, (await lstat(path)).size);
        } catch (error) {
          this.warn(`${path}: ${(error as Error).message}`);
        }
      } else {
        jsonFiles.push(path);
      }
    }
    // Small files: read a few at a time so a large export does not wait on one read after another.
    const concurrency = 16;
    for (let i = 0; i < jsonFiles.length; i += concurrency) {
      await Promise.all(
        jsonFiles.slice(i, i + concurrency).map(async (path) => {
          try {
            await this.loadJsonFile(path, (await lstat(path)).size);
          } catch (error) {
            this.warn(`${path}: ${(error as Error).message}`);
          }
        }),
      );
    }
  }
}

/**
 * Loads every OSV record under `paths` (directories, `.zip` exports or single `.json` records). Throws when a
 * path does not exist or a zip given directly is unreadable; problems inside a tree are in `database.warnings`.
 */
export async function loadAdvisoryDatabase(paths: string | readonly string[], options: LoadAdvisoriesOptions = {}): Promise<AdvisoryDatabase> {
  const database = options.into ?? new AdvisoryDatabase(options);
  const loader = new Loader(database, options.limits);
  for (const path of typeof paths === 'string' ? [paths] : paths) {
    const info = await lstat(path);
    if (info.isDirectory()) await loader.loadTree(path, 0);
    else if (basename(path).toLowerCase().endsWith('.zip')) await loader.loadZip(path, info.size);
    else if (info.isFile()) await loader.loadJsonFile(path, info.size);
    else throw new Error(`${path} is neither a directory, a .zip nor a .json file`);
  }
  loader.finish();
  return database;
}
