/**
 * The in-memory advisory index: OSV records by id, and their `affected` entries by (ecosystem, package name) —
 * the source package for distros — plus by binary package name where a record lists its binaries (Ubuntu's
 * `ecosystem_specific.binaries`). Pure: loaders fill it, matchers read it.
 */
import { normalizePackageName } from './ecosystems';
import type { OsvAffected, OsvRecord } from './osv';

/** One `affected` entry of a record, as found by a lookup. */
export interface IndexedAdvisory {
  record: OsvRecord;
  affected: OsvAffected;
}

export interface AdvisoryDatabaseOptions {
  /** Keep `details`, `references` and `credits` (dropped by default: they are most of a record's size). */
  keepDetails?: boolean;
  /**
   * Index only these ecosystems: an exact name (`Debian:12`) or a base name that covers all its releases
   * (`Debian`). Undefined indexes everything.
   */
  ecosystems?: readonly string[];
}

function key(ecosystem: string, name: string): string {
  return `${ecosystem}\u0000${normalizePackageName(ecosystem, name)}`;
}

function binaryNames(affected: OsvAffected): string[] {
  const binaries = affected.ecosystem_specific?.binaries;
  if (!Array.isArray(binaries)) return [];
  const names: string[] = [];
  for (const entry of binaries) {
    if (typeof entry === 'string') names.push(entry);
    else if (typeof entry === 'object' && entry !== null) {
      const name = (entry as Record<string, unknown>).binary_name ?? (entry as Record<string, unknown>).name;
      if (typeof name === 'string') names.push(name);
    }
  }
  return names;
}

export class AdvisoryDatabase {
  private readonly records = new Map<string, OsvRecord>();
  private bySource: Map<string, IndexedAdvisory[]> | undefined;
  private byBinary: Map<string, IndexedAdvisory[]> | undefined;
  private ecosystemNames: string[] | undefined;
  private readonly ecosystemFilter: ((ecosystem: string) => boolean) | undefined;
  /** Problems met while loading (unreadable files, malformed records): shown to the user, never thrown. */
  readonly warnings: string[] = [];

  constructor(private readonly options: AdvisoryDatabaseOptions = {}) {
    const wanted = options.ecosystems;
    this.ecosystemFilter = wanted
      ? (ecosystem) => wanted.some((w) => ecosystem === w || ecosystem.startsWith(`${w}:`))
      : undefined;
  }

  static fromRecords(records: Iterable<OsvRecord>, options?: AdvisoryDatabaseOptions): AdvisoryDatabase {
    const database = new AdvisoryDatabase(options);
    for (const record of records) database.add(record);
    return database;
  }

  /**
   * Adds a record; a record with the same id replaces the stored one only when its `modified` is not older
   * (so loading a directory and a zip that overlap keeps the newest). Returns false when the record was dropped.
   */
  add(record: OsvRecord): boolean {
    const affected = this.ecosystemFilter
      ? (record.affected ?? []).filter((a) => a.package && this.ecosystemFilter?.(a.package.ecosystem))
      : record.affected;
    if (this.ecosystemFilter && (!affected || affected.length === 0)) return false;
    const previous = this.records.get(record.id);
    if (previous && previous.modified > record.modified) return false;
    const stored: OsvRecord = { ...record, affected };
    if (!this.options.keepDetails) {
      delete stored.details;
      delete stored.references;
      delete stored.credits;
    }
    this.records.set(record.id, stored);
    this.bySource = undefined;
    this.byBinary = undefined;
    this.ecosystemNames = undefined;
    return true;
  }

  /** Records held, withdrawn ones included. */
  get size(): number {
    return this.records.size;
  }

  get(id: string): OsvRecord | undefined {
    return this.records.get(id);
  }

  /** Ecosystem names that have at least one affected entry, sorted. */
  ecosystems(): readonly string[] {
    this.buildIndex();
    return this.ecosystemNames ?? [];
  }

  /** Entries for a package (source package for distros) in one ecosystem; withdrawn records are left out. */
  lookup(ecosystem: string, name: string): readonly IndexedAdvisory[] {
    this.buildIndex();
    return this.bySource?.get(key(ecosystem, name)) ?? [];
  }

  /** Entries whose record lists `binaryName` among the binary packages built from the affected source package. */
  lookupBinary(ecosystem: string, binaryName: string): readonly IndexedAdvisory[] {
    this.buildIndex();
    return this.byBinary?.get(key(ecosystem, binaryName)) ?? [];
  }

  private buildIndex(): void {
    if (this.bySource && this.byBinary) return;
    const bySource = new Map<string, IndexedAdvisory[]>();
    const byBinary = new Map<string, IndexedAdvisory[]>();
    const ecosystemNames = new Set<string>();
    const push = (map: Map<string, IndexedAdvisory[]>, k: string, entry: IndexedAdvisory) => {
      const list = map.get(k);
      if (list) list.push(entry);
      else map.set(k, [entry]);
    };
    for (const record of this.records.values()) {
      if (record.withdrawn) continue;
      for (const affected of record.affected ?? []) {
        if (!affected.package) continue;
        const entry = { record, affected };
        ecosystemNames.add(affected.package.ecosystem);
        push(bySource, key(affected.package.ecosystem, affected.package.name), entry);
        for (const binary of new Set(binaryNames(affected))) push(byBinary, key(affected.package.ecosystem, binary), entry);
      }
    }
    this.bySource = bySource;
    this.byBinary = byBinary;
    this.ecosystemNames = [...ecosystemNames].sort();
  }
}
