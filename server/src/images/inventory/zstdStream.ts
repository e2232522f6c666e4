/**
 * Streaming zstd decompression for layers: fzstd (pure JS; Node 20's zlib has no zstd) behind a guard
 * that walks the frame and block headers itself, because fzstd trusts them: it allocates whatever window a
 * frame header asks for (up to 2 GiB) and moves that whole window on every block, and it accepts blocks far
 * larger than the format's 128 KiB. The guard refuses both before fzstd sees them, and input is handed over
 * in small slices, so one slice can only expand to a bounded amount of output before the consumer's
 * backpressure applies.
 */
import { Decompress } from 'fzstd';
import { LimitExceededError, formatBytes } from './limits';

export class ZstdDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZstdDataError';
  }
}

const ZSTD_MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MAX_BLOCK_SIZE = 128 * 1024;
/** 256 input bytes hold at most 64 four-byte RLE blocks: 8 MiB of output per slice at worst. */
const INPUT_SLICE = 256;

type GuardState =
  | { at: 'magic' }
  | { at: 'frame-header'; length: number }
  | { at: 'skippable-size' }
  | { at: 'block-header'; blockMax: number; checksum: boolean }
  | { at: 'skip'; bytes: number; then: GuardState };

function skipThen(bytes: number, then: GuardState): GuardState {
  return bytes > 0 ? { at: 'skip', bytes, then } : then;
}

/** Follows frame and block boundaries across chunks without decoding anything. */
export class ZstdFrameGuard {
  private state: GuardState = { at: 'magic' };
  private pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly maxWindowBytes: number) {}

  /** Throws ZstdDataError or LimitExceededError when `chunk` holds a header fzstd must not see. */
  check(chunk: Uint8Array): void {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = new Uint8Array(0);
    let offset = 0;
    while (offset < data.length) {
      const state = this.state;
      if (state.at === 'skip') {
        const step = Math.min(state.bytes, data.length - offset);
        offset += step;
        this.state = skipThen(state.bytes - step, state.then);
        continue;
      }
      const needed = this.bytesNeeded(state, data, offset);
      if (data.length - offset < needed) {
        this.pending = Buffer.from(data.subarray(offset));
        return;
      }
      offset = this.step(state, data, offset);
    }
  }

  /** Throws when the data ended inside a frame. */
  end(): void {
    if (this.state.at !== 'magic' || this.pending.length > 0) {
      throw new ZstdDataError('zstd data ends in the middle of a frame (truncated)');
    }
  }

  private bytesNeeded(state: Exclude<GuardState, { at: 'skip' }>, data: Uint8Array, offset: number): number {
    switch (state.at) {
      case 'magic':
        // A zstd frame's descriptor byte (after the magic) tells the header's length: read it with the magic.
        return data.length - offset >= 4 && readUint32(data, offset) === ZSTD_MAGIC ? 5 : 4;
      case 'skippable-size':
        return 4;
      case 'frame-header':
        return state.length;
      case 'block-header':
        return 3;
    }
  }

  private step(state: Exclude<GuardState, { at: 'skip' }>, data: Uint8Array, offset: number): number {
    switch (state.at) {
      case 'magic': {
        const magic = readUint32(data, offset);
        if (magic === ZSTD_MAGIC) {
          this.state = { at: 'frame-header', length: frameHeaderLength(data[offset + 4]) };
          return offset;
        }
        if (((magic & SKIPPABLE_MAGIC_MASK) >>> 0) === SKIPPABLE_MAGIC) {
          this.state = { at: 'skippable-size' };
          return offset + 4;
        }
        throw new ZstdDataError('not zstd data (bad frame magic number)');
      }
      case 'skippable-size':
        this.state = skipThen(readUint32(data, offset), { at: 'magic' });
        return offset + 4;
      case 'frame-header': {
        const { windowSize, checksum } = readFrameHeader(data, offset);
        if (windowSize > this.maxWindowBytes) {
          throw new LimitExceededError(
            `a zstd frame asks for a ${formatBytes(windowSize)} window, over the ${formatBytes(this.maxWindowBytes)} limit (maxZstdWindowBytes)`,
          );
        }
        this.state = { at: 'block-header', blockMax: Math.min(windowSize, MAX_BLOCK_SIZE), checksum };
        return offset + state.length;
      }
      case 'block-header': {
        const b0 = data[offset];
        const last = (b0 & 1) === 1;
        const type = (b0 >> 1) & 3;
        const size = (b0 >> 3) | (data[offset + 1] << 5) | (data[offset + 2] << 13);
        if (type === 3) throw new ZstdDataError('corrupt zstd data (reserved block type)');
        if (size > state.blockMax) {
          throw new ZstdDataError(`corrupt zstd data (a ${formatBytes(size)} block, over the frame's ${formatBytes(state.blockMax)} maximum)`);
        }
        // An RLE block stores its one repeated byte; raw and compressed blocks store `size` bytes.
        const payload = type === 1 ? 1 : size;
        const afterFrame: GuardState = skipThen(state.checksum ? 4 : 0, { at: 'magic' });
        this.state = skipThen(payload, last ? afterFrame : state);
        return offset + 3;
      }
    }
  }
}

function readLittleEndian(data: Uint8Array, offset: number, bytes: number): number {
  let value = 0;
  for (let i = bytes - 1; i >= 0; i--) value = value * 256 + data[offset + i];
  return value;
}

function readUint32(data: Uint8Array, offset: number): number {
  return (data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24)) >>> 0;
}

/** Magic, descriptor, window descriptor, dictionary id and content size (RFC 8878 §3.1.1.1). */
function frameHeaderLength(descriptor: number): number {
  const singleSegment = (descriptor >> 5) & 1;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3];
  const contentSizeFlag = descriptor >> 6;
  const contentSizeBytes = contentSizeFlag === 0 ? singleSegment : [0, 2, 4, 8][contentSizeFlag];
  return 5 + (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes;
}

function readFrameHeader(data: Uint8Array, offset: number): { windowSize: number; checksum: boolean } {
  const descriptor = data[offset + 4];
  if (descriptor & 8) throw new ZstdDataError('corrupt zstd data (reserved frame header bit set)');
  const singleSegment = (descriptor >> 5) & 1;
  const checksum = ((descriptor >> 2) & 1) === 1;
  const dictionaryAt = offset + 5 + (singleSegment ? 0 : 1);
  if (readLittleEndian(data, dictionaryAt, [0, 1, 2, 4][descriptor & 3]) !== 0) throw new ZstdDataError('zstd frame needs a dictionary, which image layers never use');
  if (!singleSegment) {
    const windowDescriptor = data[offset + 5];
    const base = 2 ** (10 + (windowDescriptor >> 3));
    return { windowSize: base + (base / 8) * (windowDescriptor & 7), checksum };
  }
  // Single-segment frames have no window descriptor: the window is the whole content.
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3];
  const contentSizeFlag = descriptor >> 6;
  const at = offset + 5 + dictionaryBytes;
  const contentSizeBytes = [1, 2, 4, 8][contentSizeFlag];
  // The two-byte form is stored minus 256.
  const contentSize = readLittleEndian(data, at, contentSizeBytes) + (contentSizeBytes === 2 ? 256 : 0);
  return { windowSize: contentSize, checksum };
}

/**
 * Decompresses a zstd byte stream. Output arrives per decoded block (≤ 128 KiB); the generator yields
 * between input slices, so a consumer that stops pulling stops the decoding.
 */
export async function* zstdDecompress(source: AsyncIterable<Uint8Array>, maxWindowBytes: number): AsyncGenerator<Buffer> {
  const guard = new ZstdFrameGuard(maxWindowBytes);
  let output: Buffer[] = [];
  const decoder = new Decompress((data) => {
    if (data.length > 0) output.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
  const push = (slice: Uint8Array, final: boolean) => {
    try {
      decoder.push(slice, final);
    } catch (error) {
      throw new ZstdDataError(`corrupt zstd data (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  for await (const chunk of source) {
    guard.check(chunk);
    for (let offset = 0; offset < chunk.length; offset += INPUT_SLICE) {
      push(chunk.subarray(offset, offset + INPUT_SLICE), false);
      if (output.length > 0) {
        const ready = output;
        output = [];
        yield* ready;
      }
    }
  }
  guard.end();
  push(new Uint8Array(0), true);
  yield* output;
}
