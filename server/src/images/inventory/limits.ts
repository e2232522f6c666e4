/**
 * Hard limits of the layer inventory. A layer is hostile input: every limit stops reading with a warning
 * that names the limit, so a bomb or a corrupt archive yields a partial inventory, never a crash or a hang.
 */

export interface InventoryLimits {
  /** Bytes of one layer as downloaded (before decompression). */
  maxCompressedBytesPerLayer: number;
  /** Bytes of one layer's tar after decompression: what stops a gzip/zstd bomb. */
  maxDecompressedBytesPerLayer: number;
  /** Decompressed bytes over all layers of one image; later layers are not read once it is spent. */
  maxDecompressedBytesTotal: number;
  /** Tar entries (files, directories, links) in one layer. */
  maxEntriesPerLayer: number;
  /** Size of a package database we hold in memory: dpkg `status`, `status.d/*`, apk `installed`. */
  maxPackageDatabaseBytes: number;
  /** Size of a `package.json` we hold in memory. */
  maxPackageJsonBytes: number;
  /** Header part of a Python `METADATA`/`PKG-INFO` we read (the description after it is skipped). */
  maxPythonMetadataBytes: number;
  /** os-release, alpine-release, debian_version. */
  maxReleaseFileBytes: number;
  /**
   * Tar bytes the reader may take in without producing an entry: tar-stream holds PAX and GNU long-name
   * headers in memory whole, whatever size they claim, so a header claiming gigabytes is stopped here.
   */
  maxBytesWithoutEntry: number;
  /** zstd window a frame may ask for: the decompressor allocates it and moves it on every block. */
  maxZstdWindowBytes: number;
  /** Warnings kept per layer; the rest are counted. */
  maxWarningsPerLayer: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const DEFAULT_INVENTORY_LIMITS: Readonly<InventoryLimits> = Object.freeze({
  maxCompressedBytesPerLayer: 4 * GiB,
  maxDecompressedBytesPerLayer: 12 * GiB,
  maxDecompressedBytesTotal: 24 * GiB,
  maxEntriesPerLayer: 1_000_000,
  maxPackageDatabaseBytes: 16 * MiB,
  maxPackageJsonBytes: 1 * MiB,
  maxPythonMetadataBytes: 1 * MiB,
  maxReleaseFileBytes: 64 * KiB,
  maxBytesWithoutEntry: 1 * MiB,
  // zstd's own decoder refuses windows above 128 MiB unless told otherwise (ZSTD_WINDOWLOG_LIMIT_DEFAULT).
  maxZstdWindowBytes: 128 * MiB,
  maxWarningsPerLayer: 20,
});

export function withDefaultLimits(limits: Partial<InventoryLimits> = {}): InventoryLimits {
  const merged = { ...DEFAULT_INVENTORY_LIMITS };
  for (const [key, value] of Object.entries(limits) as [keyof InventoryLimits, number | undefined][]) {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) merged[key] = value;
  }
  return merged;
}

/** A limit was reached: reading stops and the message becomes a warning. */
export class LimitExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitExceededError';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < KiB) return `${bytes} B`;
  const [unit, size] = bytes < MiB ? ['KiB', KiB] : bytes < GiB ? ['MiB', MiB] : ['GiB', GiB];
  const value = bytes / size;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** `sha256:0123456789ab` — enough of a digest to tell layers apart in a message. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon >= 0 ? digest.slice(0, colon + 13) : digest.slice(0, 12);
}
