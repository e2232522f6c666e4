/**
 * A small ZIP reader for OSV `all.zip` exports: the central directory (ZIP64 included) is read first, then each
 * entry is inflated on demand with a hard cap on its size, the total and the compression ratio, and checked against
 * its CRC-32. Stored (0) and deflated (8) entries only; encrypted and multi-disk archives are refused.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Entries in the central directory. */
  maxEntries: number;
  /** Uncompressed bytes of one entry. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries read from one archive. */
  maxTotalBytes: number;
  /** Uncompressed / compressed size of one entry (zip bombs reach thousands). */
  maxRatio: number;
}

export const defaultZipLimits: ZipLimits = {
  maxEntries: 2_000_000,
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024 * 1024,
  maxRatio: 1000,
};

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

const EOCD = 0x06054b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

function readUint64(buffer: Buffer, offset: number): number {
  const value = buffer.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('zip: a 64-bit size or offset is out of range');
  return Number(value);
}

function need(buffer: Buffer, offset: number, length: number, what: string): void {
  if (offset < 0 || offset + length > buffer.length) throw new ZipError(`zip: truncated archive (${what} at byte ${offset} is past the end)`);
}

function findEndOfCentralDirectory(buffer: Buffer): number {
  const lowest = Math.max(0, buffer.length - 22 - 0xffff);
  for (let i = buffer.length - 22; i >= lowest; i--) {
    if (buffer.readUInt32LE(i) === EOCD) return i;
  }
  throw new ZipError('zip: no end-of-central-directory record (not a zip archive, or truncated)');
}

/** Lists the entries of an archive from its central directory, without reading any entry's data. */
export function listZipEntries(buffer: Buffer, limits: Partial<ZipLimits> = {}): ZipEntry[] {
  const maxEntries = limits.maxEntries ?? defaultZipLimits.maxEntries;
  if (buffer.length < 22) throw new ZipError('zip: file too small to be a zip archive');
  const eocd = findEndOfCentralDirectory(buffer);
  const disk = buffer.readUInt16LE(eocd + 4);
  const directoryDisk = buffer.readUInt16LE(eocd + 6);
  let count = buffer.readUInt16LE(eocd + 10);
  let directorySize = buffer.readUInt32LE(eocd + 12);
  let directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = eocd - 20;
    need(buffer, locator, 20, 'ZIP64 locator');
    if (buffer.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new ZipError('zip: ZIP64 sizes without a ZIP64 locator');
    const zip64 = readUint64(buffer, locator + 8);
    need(buffer, zip64, 56, 'ZIP64 end of central directory');
    if (buffer.readUInt32LE(zip64) !== ZIP64_EOCD) throw new ZipError('zip: bad ZIP64 end-of-central-directory record');
    count = readUint64(buffer, zip64 + 32);
    directorySize = readUint64(buffer, zip64 + 40);
    directoryOffset = readUint64(buffer, zip64 + 48);
  } else if (disk !== 0 || directoryDisk !== 0) {
    throw new ZipError('zip: multi-disk archives are not supported');
  }
  if (count > maxEntries) throw new ZipError(`zip: ${count} entries exceed the limit of ${maxEntries}`);
  need(buffer, directoryOffset, directorySize, 'central directory');

  const entries: ZipEntry[] = [];
  let p = directoryOffset;
  for (let n = 0; n < count; n++) {
    need(buffer, p, 46, 'central directory entry');
    if (buffer.readUInt32LE(p) !== CENTRAL_HEADER) throw new ZipError(`zip: bad central directory entry ${n}`);
    const flags = buffer.readUInt16LE(p + 8);
    const method = buffer.readUInt16LE(p + 10);
    const crc32 = buffer.readUInt32LE(p + 16);
    let compressedSize = buffer.readUInt32LE(p + 20);
    let uncompressedSize = buffer.readUInt32LE(p + 24);
    const nameLength = buffer.readUInt16LE(p + 28);
    const extraLength = buffer.readUInt16LE(p + 30);
    const commentLength = buffer.readUInt16LE(p + 32);
    let localHeaderOffset = buffer.readUInt32LE(p + 42);
    need(buffer, p + 46, nameLength + extraLength + commentLength, 'entry name');
    const name = buffer.toString('utf8', p + 46, p + 46 + nameLength);
    // ZIP64 extended information: only the fields that overflowed are present, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = buffer.readUInt16LE(e);
      const size = buffer.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const end = q + size;
        if (uncompressedSize === 0xffffffff && q + 8 <= end) (uncompressedSize = readUint64(buffer, q)), (q += 8);
        if (compressedSize === 0xffffffff && q + 8 <= end) (compressedSize = readUint64(buffer, q)), (q += 8);
        if (localHeaderOffset === 0xffffffff && q + 8 <= end) localHeaderOffset = readUint64(buffer, q);
      }
      e += 4 + size;
    }
    entries.push({ name, method, encrypted: (flags & 1) !== 0, crc32, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Reads one entry's bytes, enforcing the per-entry size and ratio limits and the CRC. */
export function readZipEntry(buffer: Buffer, entry: ZipEntry, limits: Partial<ZipLimits> = {}): Buffer {
  const maxEntryBytes = limits.maxEntryBytes ?? defaultZipLimits.maxEntryBytes;
  const maxRatio = limits.maxRatio ?? defaultZipLimits.maxRatio;
  if (entry.encrypted) throw new ZipError(`zip: ${entry.name} is encrypted`);
  if (entry.uncompressedSize > maxEntryBytes) {
    throw new ZipError(`zip: ${entry.name} is ${entry.uncompressedSize} bytes uncompressed, over the limit of ${maxEntryBytes}`);
  }
  if (entry.uncompressedSize > Math.max(1, entry.compressedSize) * maxRatio) {
    throw new ZipError(`zip: ${entry.name} expands ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}× (limit ${maxRatio}×)`);
  }
  need(buffer, entry.localHeaderOffset, 30, `local header of ${entry.name}`);
  if (buffer.readUInt32LE(entry.localHeaderOffset) !== LOCAL_HEADER) throw new ZipError(`zip: bad local header for ${entry.name}`);
  const start = entry.localHeaderOffset + 30 + buffer.readUInt16LE(entry.localHeaderOffset + 26) + buffer.readUInt16LE(entry.localHeaderOffset + 28);
  need(buffer, start, entry.compressedSize, `data of ${entry.name}`);
  const compressed = buffer.subarray(start, start + entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) {
    data = Buffer.from(compressed);
  } else if (entry.method === 8) {
    try {
      // The declared size can lie; maxOutputLength makes zlib stop instead of inflating a bomb.
      data = inflateRawSync(compressed, { maxOutputLength: Math.max(1, Math.min(maxEntryBytes, entry.uncompressedSize)) });
    } catch (error) {
      throw new ZipError(`zip: cannot inflate ${entry.name}: ${(error as Error).message}`);
    }
  } else {
    throw new ZipError(`zip: ${entry.name} uses compression method ${entry.method} (only stored and deflate are supported)`);
  }
  if (data.length !== entry.uncompressedSize) throw new ZipError(`zip: ${entry.name} inflated to ${data.length} bytes, ${entry.uncompressedSize} declared`);
  if (crc32(data) !== entry.crc32) throw new ZipError(`zip: CRC mismatch in ${entry.name}`);
  return data;
}

/**
 * Reads every entry `accept`s, calling `onEntry` with its bytes and `onError` for an entry that cannot be read
 * (the others are still read). Stops with a ZipError when the archive's total uncompressed size passes the limit.
 */
export function readZipEntries(
  buffer: Buffer,
  accept: (entry: ZipEntry) => boolean,
  onEntry: (entry: ZipEntry, data: Buffer) => void,
  onError: (entry: ZipEntry, error: ZipError) => void,
  limits: Partial<ZipLimits> = {},
): void {
  const maxTotalBytes = limits.maxTotalBytes ?? defaultZipLimits.maxTotalBytes;
  let total = 0;
  for (const entry of listZipEntries(buffer, limits)) {
    if (!accept(entry)) continue;
    total += entry.uncompressedSize;
    if (total > maxTotalBytes) throw new ZipError(`zip: entries add up to more than ${maxTotalBytes} bytes uncompressed`);
    let data: Buffer;
    try {
      data = readZipEntry(buffer, entry, limits);
    } catch (error) {
      if (!(error instanceof ZipError)) throw error;
      onError(entry, error);
      continue;
    }
    onEntry(entry, data);
  }
}
