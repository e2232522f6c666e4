/**
 * Reads one layer blob as a stream — decompress, walk the tar, keep only the files the inventory needs —
 * into a LayerExtract: plain data, independent of the other layers, so it can be cached by layer digest.
 * Nothing is written to disk and no link is followed; every limit stops reading with a warning.
 */
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import type { InstalledPackage, OsRelease } from '../types';
import { compressionOfMediaType, decompressLayer, type LayerCompression } from './layerCompression';
import { interestingFileKind, normaliseEntryPath, whiteoutOf, type InterestingFileKind } from './layerPaths';
import { LimitExceededError, formatBytes, shortDigest, type InventoryLimits } from './limits';
import { parseApkInstalled } from './parsers/apkInstalled';
import { parseDpkgStatus } from './parsers/dpkgStatus';
import { parseAlpineRelease, parseDebianVersion, parseOsRelease } from './parsers/osRelease';
import { parsePackageJson } from './parsers/packageJson';
import { parsePythonMetadata } from './parsers/pythonMetadata';

export interface LayerInput {
  digest: string;
  mediaType: string;
  stream: Readable;
}

/** A file the inventory reads, as found in one layer. */
export interface ExtractedFile {
  path: string;
  kind: InterestingFileKind;
  /** For os-release, alpine-release and debian_version. */
  os?: OsRelease;
  /** Packages the file lists (without `layerDigest`/`path`: the squash adds them). */
  packages?: InstalledPackage[];
  /** Set when the file could not be read (too large, malformed); it still hides the lower layers' file. */
  unreadable?: string;
}

export interface LayerExtract {
  digest: string;
  /** The last version of each file the inventory reads, as this layer holds it. */
  files: ExtractedFile[];
  /**
   * Paths whose lower-layer content (the path and everything under it) this layer removes: `.wh.` whiteouts,
   * and links, devices and fifos, which replace whatever was at their path.
   */
  hiddenPaths: string[];
  /** Directories whose lower-layer content is hidden (`.wh..wh..opq`); `''` is the root. */
  opaqueDirectories: string[];
  entries: number;
  compressedBytes: number;
  decompressedBytes: number;
  /** False when reading stopped early (limit, corrupt data, read error): do not cache it. */
  complete: boolean;
  warnings: string[];
}

/** Decompressed bytes left for the whole image, shared by its layers. */
export interface DecompressionBudget {
  remainingBytes: number;
}

/** Bytes handed to the decompressor (and to the tar reader) at a time: bounds what one step can expand to. */
const SLICE_BYTES = 16 * 1024;

/** Never rejects: whatever stops the reading becomes a warning of an incomplete extract. */
export async function readLayer(layer: LayerInput, limits: InventoryLimits, budget?: DecompressionBudget): Promise<LayerExtract> {
  const reading = new LayerReading(layer, limits, budget);
  try {
    return await reading.run();
  } catch (error) {
    return reading.abandon(error);
  }
}

class LayerReading {
  private readonly files = new Map<string, ExtractedFile>();
  private readonly hidden = new Set<string>();
  private readonly opaque = new Set<string>();
  private readonly warnings: string[] = [];
  private droppedWarnings = 0;
  private entries = 0;
  private compressedBytes = 0;
  private decompressedBytes = 0;
  private bytesWithoutEntry = 0;
  private failure: unknown;
  private readonly extract = tar.extract();
  private readonly label: string;

  constructor(
    private readonly layer: LayerInput,
    private readonly limits: InventoryLimits,
    private readonly budget: DecompressionBudget | undefined,
  ) {
    this.label = `layer ${shortDigest(layer.digest)}`;
  }

  async run(): Promise<LayerExtract> {
    const verdict = compressionOfMediaType(this.layer.mediaType);
    if (verdict.kind === 'skip') {
      this.layer.stream.destroy();
      this.warn(`${verdict.reason}; not read`);
      return this.result(false);
    }
    if (this.layer.stream.destroyed || this.layer.stream.readableEnded) {
      this.warn('not read: its stream was already consumed or closed');
      return this.result(false);
    }
    if (this.budget && this.budget.remainingBytes <= 0) {
      this.layer.stream.destroy();
      this.warn(`not read: the image's layers already passed the ${formatBytes(this.limits.maxDecompressedBytesTotal)} total decompressed limit (maxDecompressedBytesTotal)`);
      return this.result(false);
    }
    this.extract.on('error', (error: unknown) => this.fail(error));
    const declared = verdict.kind === 'layer' ? verdict.compression : undefined;
    await Promise.allSettled([this.produce(declared), this.consume()]);
    if (this.failure !== undefined) this.warn(this.describeFailure(this.failure));
    return this.result(this.failure === undefined);
  }

  /** The first failure wins; it stops both sides. */
  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    if (!this.extract.destroyed) this.extract.destroy(error instanceof Error ? error : new Error(String(error)));
    const stream: Readable | undefined = this.layer.stream;
    if (stream && typeof stream.destroy === 'function' && !stream.destroyed) stream.destroy();
  }

  private async produce(declared: LayerCompression | undefined): Promise<void> {
    try {
      const tarBytes = decompressLayer(this.countCompressed(this.layer.stream), declared, this.limits.maxZstdWindowBytes);
      for await (const chunk of tarBytes) {
        for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
          const slice = offset === 0 && chunk.length <= SLICE_BYTES ? chunk : chunk.subarray(offset, offset + SLICE_BYTES);
          this.countDecompressed(slice.length);
          await this.feed(slice);
        }
      }
      if (!this.extract.destroyed) this.extract.end();
    } catch (error) {
      this.fail(error);
    }
  }

  private async *countCompressed(stream: Readable): AsyncGenerator<Buffer> {
    for await (const chunk of stream as AsyncIterable<Buffer | Uint8Array | string>) {
      // Streams made from web streams (`Readable.fromWeb(response.body)`) carry Uint8Arrays.
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (let offset = 0; offset < buffer.length; offset += SLICE_BYTES) {
        const slice = buffer.length <= SLICE_BYTES ? buffer : buffer.subarray(offset, offset + SLICE_BYTES);
        this.compressedBytes += slice.length;
        if (this.compressedBytes > this.limits.maxCompressedBytesPerLayer) {
          throw new LimitExceededError(
            `stopped: the layer is larger than the ${formatBytes(this.limits.maxCompressedBytesPerLayer)} limit per layer (maxCompressedBytesPerLayer)`,
          );
        }
        yield slice;
      }
    }
  }

  private countDecompressed(bytes: number): void {
    this.decompressedBytes += bytes;
    if (this.decompressedBytes > this.limits.maxDecompressedBytesPerLayer) {
      throw new LimitExceededError(
        `stopped after ${formatBytes(this.limits.maxDecompressedBytesPerLayer)} of decompressed data, the limit per layer (maxDecompressedBytesPerLayer); ` +
          `${formatBytes(this.compressedBytes)} of compressed data expanded past it (a decompression bomb, or a layer too large to scan)`,
      );
    }
    if (this.budget) {
      this.budget.remainingBytes -= bytes;
      if (this.budget.remainingBytes < 0) {
        throw new LimitExceededError(
          `stopped: the image's layers passed the ${formatBytes(this.limits.maxDecompressedBytesTotal)} total decompressed limit (maxDecompressedBytesTotal)`,
        );
      }
    }
  }

  /** Writes to the tar reader, waiting while it is full; rejects once it has stopped. */
  private async feed(chunk: Buffer): Promise<void> {
    if (this.bytesWithoutEntry > this.limits.maxBytesWithoutEntry) {
      throw new LimitExceededError(
        `stopped: ${formatBytes(this.bytesWithoutEntry)} of tar data without a file entry, over the ${formatBytes(this.limits.maxBytesWithoutEntry)} limit ` +
          `(maxBytesWithoutEntry; an oversized PAX or GNU long-name header?)`,
      );
    }
    const extract = this.extract;
    if (extract.destroyed) throw new Error('tar reader stopped');
    this.bytesWithoutEntry += chunk.length;
    if (extract.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        cleanup();
        resolve();
      };
      const onClose = () => {
        cleanup();
        reject(new Error('tar reader stopped'));
      };
      const cleanup = () => {
        extract.off('drain', onDrain);
        extract.off('close', onClose);
      };
      extract.on('drain', onDrain);
      extract.on('close', onClose);
    });
  }

  private async consume(): Promise<void> {
    try {
      for await (const entry of this.extract) {
        this.bytesWithoutEntry = 0;
        if (++this.entries > this.limits.maxEntriesPerLayer) {
          throw new LimitExceededError(`stopped after ${this.limits.maxEntriesPerLayer} entries, the limit per layer (maxEntriesPerLayer)`);
        }
        await this.handleEntry(entry);
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private async handleEntry(entry: tar.Entry): Promise<void> {
    const header = entry.header;
    const path = normaliseEntryPath(header.name);
    if (path === undefined) {
      this.warn(`entry ${JSON.stringify(header.name.slice(0, 200))} climbs out of the image root; ignored`);
      return this.drain(entry);
    }
    if (path === '') return this.drain(entry);
    const whiteout = whiteoutOf(path);
    if (whiteout) {
      if (whiteout.kind === 'delete') this.hidden.add(whiteout.path);
      else if (whiteout.kind === 'opaque') this.opaque.add(whiteout.directory);
      return this.drain(entry);
    }
    switch (header.type) {
      case 'file':
      case 'contiguous-file':
      case null:
      case undefined: {
        const kind = interestingFileKind(path);
        if (!kind) return this.drain(entry);
        this.hidden.delete(path);
        this.files.set(path, await this.readInterestingFile(entry, path, kind));
        return;
      }
      case 'directory':
        // A directory where a file we read used to be replaces it.
        if (interestingFileKind(path)) this.replaceWithNonFile(path);
        return this.drain(entry);
      default:
        // Links, devices and fifos replace whatever lower layers had at their path; a link's target is
        // never read, so a link cannot make us read a file outside what the layer itself holds.
        this.replaceWithNonFile(path);
        return this.drain(entry);
    }
  }

  private replaceWithNonFile(path: string): void {
    this.files.delete(path);
    this.hidden.add(path);
  }

  private async readInterestingFile(entry: tar.Entry, path: string, kind: InterestingFileKind): Promise<ExtractedFile> {
    const limit = this.sizeLimitOf(kind);
    const size = entry.header.size ?? 0;
    // Python metadata: only the header block is needed; the long description after it may be any size.
    const headerOnly = kind === 'python-metadata';
    if (size > limit && !headerOnly) {
      this.warn(`${printablePath(path)} is ${formatBytes(size)}, over the ${formatBytes(limit)} limit for this file (${this.limitNameOf(kind)}); not read`);
      await this.drain(entry);
      return { path, kind, unreadable: 'too large' };
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let state: 'reading' | 'enough' | 'too-large' = 'reading';
    // Read to the end whatever happens: leaving an entry early would destroy the whole tar reader.
    for await (const chunk of entry as AsyncIterable<Buffer>) {
      this.bytesWithoutEntry = 0;
      if (state !== 'reading') continue;
      chunks.push(chunk);
      length += chunk.length;
      if (headerOnly && hasBlankLine(chunks, length)) state = 'enough';
      else if (length > limit) {
        state = 'too-large';
        chunks.length = 0;
      }
    }
    if (state === 'too-large') {
      this.warn(`${printablePath(path)}: its header block passes the ${formatBytes(limit)} limit (${this.limitNameOf(kind)}); not read`);
      return { path, kind, unreadable: 'too large' };
    }
    return this.parseFile(path, kind, Buffer.concat(chunks, length).toString('utf8'));
  }

  private parseFile(path: string, kind: InterestingFileKind, text: string): ExtractedFile {
    try {
      switch (kind) {
        case 'os-release':
          return { path, kind, os: parseOsRelease(text) };
        case 'alpine-release':
          return { path, kind, os: parseAlpineRelease(text) };
        case 'debian-version':
          return { path, kind, os: parseDebianVersion(text) };
        case 'dpkg-status':
          return { path, kind, packages: parseDpkgStatus(text) };
        case 'apk-installed':
          return { path, kind, packages: parseApkInstalled(text) };
        case 'package-json': {
          const pkg = parsePackageJson(text);
          return { path, kind, packages: pkg ? [pkg] : [] };
        }
        case 'python-metadata': {
          const pkg = parsePythonMetadata(text);
          return { path, kind, packages: pkg ? [pkg] : [] };
        }
      }
    } catch (error) {
      // Malformed package.json files are common inside test fixtures of npm packages: not worth a warning.
      return { path, kind, unreadable: error instanceof Error ? error.message : String(error) };
    }
  }

  private sizeLimitOf(kind: InterestingFileKind): number {
    switch (kind) {
      case 'dpkg-status':
      case 'apk-installed':
        return this.limits.maxPackageDatabaseBytes;
      case 'package-json':
        return this.limits.maxPackageJsonBytes;
      case 'python-metadata':
        return this.limits.maxPythonMetadataBytes;
      default:
        return this.limits.maxReleaseFileBytes;
    }
  }

  private limitNameOf(kind: InterestingFileKind): keyof InventoryLimits {
    switch (kind) {
      case 'dpkg-status':
      case 'apk-installed':
        return 'maxPackageDatabaseBytes';
      case 'package-json':
        return 'maxPackageJsonBytes';
      case 'python-metadata':
        return 'maxPythonMetadataBytes';
      default:
        return 'maxReleaseFileBytes';
    }
  }

  /** Reads an entry's data to the end without keeping it (the tar reader moves on only then). */
  private async drain(entry: tar.Entry): Promise<void> {
    for await (const _chunk of entry) this.bytesWithoutEntry = 0;
  }

  private describeFailure(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof LimitExceededError) return message;
    const name = error instanceof Error ? error.name : '';
    if (name === 'GzipDataError' || name === 'ZstdDataError') return `stopped: ${message}`;
    if (/tar header|Unexpected end of data|Invalid tar/i.test(message)) return `stopped: corrupt or truncated tar archive (${message})`;
    return `stopped: reading the layer failed (${message})`;
  }

  /** For a failure outside the reading itself (a caller's broken stream object): report it, keep what was read. */
  abandon(error: unknown): LayerExtract {
    this.fail(error);
    this.warn(this.describeFailure(error));
    return this.result(false);
  }

  private warn(message: string): void {
    if (this.warnings.length < this.limits.maxWarningsPerLayer) this.warnings.push(`${this.label}: ${message}`);
    else this.droppedWarnings++;
  }

  private result(complete: boolean): LayerExtract {
    const warnings = [...this.warnings];
    if (this.droppedWarnings > 0) warnings.push(`${this.label}: ${this.droppedWarnings} more warnings not shown`);
    return {
      digest: this.layer.digest,
      files: [...this.files.values()],
      hiddenPaths: [...this.hidden],
      opaqueDirectories: [...this.opaque],
      entries: this.entries,
      compressedBytes: this.compressedBytes,
      decompressedBytes: this.decompressedBytes,
      complete,
      warnings,
    };
  }
}

/** Whether the bytes so far hold an empty line (the end of an RFC 822 header block). */
function hasBlankLine(chunks: Buffer[], length: number): boolean {
  // Looking at the newest chunk plus a few bytes before it is enough: earlier chunks were checked already.
  const last = chunks[chunks.length - 1];
  const previous = chunks.length > 1 ? chunks[chunks.length - 2] : undefined;
  const tail = previous ? Buffer.concat([previous.subarray(Math.max(0, previous.length - 3)), last]) : last;
  return length > 0 && (tail.includes('\n\n') || tail.includes('\n\r\n'));
}

/** A path from the layer as it may appear in a message: shortened, and quoted when it holds control characters. */
function printablePath(path: string): string {
  const short = path.length > 300 ? `${path.slice(0, 300)}…` : path;
  return /[\u0000-\u001f\u007f-\u009f]/.test(short) ? JSON.stringify(short) : short;
}
