/**
 * Registry metadata cache: content by digest (manifests, indexes, configs — immutable, so never expire) and
 * tag → digest with a TTL. Two tiers: memory (LRU by bytes) and, when a directory is given, disk (LRU by total
 * bytes, least recently used files deleted first). The disk tier is best effort: an unwritable or corrupt
 * cache costs requests, never a failure; content read back from disk is re-hashed before it is trusted.
 *
 * Layout under `dir`: `content/<algorithm>/<hex>` and `tags/<sha256 of key>.json` (`{key, digest, storedAt}`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { computeDigest, digestAlgorithm, digestHex, isSupportedDigest } from './digest';

export interface RegistryCacheOptions {
  /** Directory for the disk tier; none by default (memory only). */
  dir?: string;
  /** Bound of the disk tier; default 64 MiB. */
  maxDiskBytes?: number;
  /** Bound of the memory tier; default 16 MiB. */
  maxMemoryBytes?: number;
  /** How long a tag → digest answer is reused; default 1 hour. */
  tagTtlMs?: number;
  now?: () => number;
}

interface TagEntry {
  key: string;
  digest: string;
  storedAt: number;
}

const MAX_MEMORY_TAGS = 10_000;

export class RegistryCache {
  readonly dir?: string;
  readonly tagTtlMs: number;
  private readonly maxDiskBytes: number;
  private readonly maxMemoryBytes: number;
  private readonly now: () => number;
  private readonly memory = new Map<string, Uint8Array>();
  private memoryBytes = 0;
  private readonly tags = new Map<string, TagEntry>();
  private disk?: Promise<DiskIndex | undefined>;

  constructor(options: RegistryCacheOptions = {}) {
    this.dir = options.dir;
    this.tagTtlMs = options.tagTtlMs ?? 60 * 60 * 1000;
    this.maxDiskBytes = options.maxDiskBytes ?? 64 * 1024 * 1024;
    this.maxMemoryBytes = options.maxMemoryBytes ?? 16 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  async getContent(digest: string): Promise<Uint8Array | undefined> {
    if (!isSupportedDigest(digest)) return undefined;
    const inMemory = this.memory.get(digest);
    if (inMemory) {
      this.memory.delete(digest);
      this.memory.set(digest, inMemory);
      return inMemory;
    }
    const disk = await this.diskIndex();
    if (!disk) return undefined;
    const file = this.contentPath(digest);
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) return undefined;
    if (computeDigest(bytes, digestAlgorithm(digest)) !== digest) {
      await disk.remove(file);
      return undefined;
    }
    await disk.touch(file);
    this.remember(digest, bytes);
    return bytes;
  }

  /** Stores content the caller has verified against `digest`. */
  async putContent(digest: string, bytes: Uint8Array): Promise<void> {
    if (!isSupportedDigest(digest)) return;
    this.remember(digest, bytes);
    const disk = await this.diskIndex();
    await disk?.write(this.contentPath(digest), bytes);
  }

  /** The digest a tag pointed at, if stored less than the TTL ago. */
  async getTag(key: string): Promise<string | undefined> {
    const fresh = (e: TagEntry | undefined) => (e && e.key === key && this.now() - e.storedAt < this.tagTtlMs && e.storedAt <= this.now() ? e : undefined);
    const inMemory = fresh(this.tags.get(key));
    if (inMemory) return inMemory.digest;
    const disk = await this.diskIndex();
    if (!disk) return undefined;
    const file = this.tagPath(key);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (!text) return undefined;
    let entry: TagEntry | undefined;
    try {
      const parsed = JSON.parse(text) as TagEntry;
      if (typeof parsed.digest === 'string' && isSupportedDigest(parsed.digest) && typeof parsed.storedAt === 'number') entry = parsed;
    } catch {
      // corrupt entry: treated as a miss and overwritten by the next put
    }
    const usable = fresh(entry);
    if (!usable) return undefined;
    await disk.touch(file);
    this.rememberTag(usable);
    return usable.digest;
  }

  async putTag(key: string, digest: string): Promise<void> {
    const entry: TagEntry = { key, digest, storedAt: this.now() };
    this.rememberTag(entry);
    const disk = await this.diskIndex();
    await disk?.write(this.tagPath(key), Buffer.from(JSON.stringify(entry)));
  }

  /** Forgets a tag (manual refresh). */
  async deleteTag(key: string): Promise<void> {
    this.tags.delete(key);
    const disk = await this.diskIndex();
    await disk?.remove(this.tagPath(key));
  }

  /** Bytes the disk tier holds now (0 without a directory). */
  async diskBytes(): Promise<number> {
    return (await this.diskIndex())?.totalBytes ?? 0;
  }

  private remember(digest: string, bytes: Uint8Array): void {
    if (bytes.byteLength > this.maxMemoryBytes) return;
    const previous = this.memory.get(digest);
    if (previous) {
      this.memory.delete(digest);
      this.memoryBytes -= previous.byteLength;
    }
    this.memory.set(digest, bytes);
    this.memoryBytes += bytes.byteLength;
    for (const [oldest, value] of this.memory) {
      if (this.memoryBytes <= this.maxMemoryBytes) break;
      this.memory.delete(oldest);
      this.memoryBytes -= value.byteLength;
    }
  }

  private rememberTag(entry: TagEntry): void {
    this.tags.delete(entry.key);
    this.tags.set(entry.key, entry);
    if (this.tags.size > MAX_MEMORY_TAGS) this.tags.delete(this.tags.keys().next().value!);
  }

  private contentPath(digest: string): string {
    return path.join(this.dir!, 'content', digestAlgorithm(digest), digestHex(digest));
  }

  private tagPath(key: string): string {
    return path.join(this.dir!, 'tags', `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  private diskIndex(): Promise<DiskIndex | undefined> {
    if (!this.dir) return Promise.resolve(undefined);
    this.disk ??= DiskIndex.load(this.dir, this.maxDiskBytes);
    return this.disk;
  }
}

/** What the disk tier holds, in last-use order (file mtimes across processes, Map order within one). */
class DiskIndex {
  totalBytes = 0;
  /** File → size, in last-use order. */
  private readonly files = new Map<string, number>();

  private constructor(private readonly maxBytes: number) {}

  static async load(dir: string, maxBytes: number): Promise<DiskIndex | undefined> {
    const index = new DiskIndex(maxBytes);
    try {
      await mkdir(dir, { recursive: true });
    } catch {
      return undefined;
    }
    const found: { file: string; size: number; mtime: number }[] = [];
    for (const sub of ['content/sha256', 'content/sha512', 'tags']) {
      const folder = path.join(dir, sub);
      const names = await readdir(folder).catch(() => [] as string[]);
      for (const name of names) {
        const file = path.join(folder, name);
        if (name.startsWith('.tmp-')) {
          await rm(file, { force: true }).catch(() => undefined);
          continue;
        }
        const info = await stat(file).catch(() => undefined);
        if (info?.isFile()) found.push({ file, size: info.size, mtime: info.mtimeMs });
      }
    }
    found.sort((a, b) => a.mtime - b.mtime);
    for (const f of found) index.track(f.file, f.size);
    await index.evict();
    return index;
  }

  private track(file: string, size: number): void {
    const previous = this.files.get(file);
    if (previous !== undefined) this.totalBytes -= previous;
    this.files.delete(file);
    this.files.set(file, size);
    this.totalBytes += size;
  }

  async touch(file: string): Promise<void> {
    const size = this.files.get(file);
    if (size !== undefined) this.track(file, size);
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
  }

  async write(file: string, bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength > this.maxBytes) return;
    const tmp = path.join(path.dirname(file), `.tmp-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    } catch {
      await rm(tmp, { force: true }).catch(() => undefined);
      return;
    }
    this.track(file, bytes.byteLength);
    await this.evict();
  }

  async remove(file: string): Promise<void> {
    const size = this.files.get(file);
    if (size !== undefined) {
      this.totalBytes -= size;
      this.files.delete(file);
    }
    await rm(file, { force: true }).catch(() => undefined);
  }

  private async evict(): Promise<void> {
    // Map order is last-use order: the first entries are the least recently used.
    for (const file of this.files.keys()) {
      if (this.totalBytes <= this.maxBytes) break;
      await this.remove(file);
    }
  }
}
