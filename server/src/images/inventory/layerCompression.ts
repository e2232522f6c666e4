/** How a layer blob is compressed: from its media type, or from its first bytes when the type does not say. */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { zstdDecompress } from './zstdStream';

export type LayerCompression = 'gzip' | 'zstd' | 'none';

export type MediaTypeVerdict =
  | { kind: 'layer'; compression: LayerCompression }
  /** Not a type we know (or none given): the first bytes decide. */
  | { kind: 'sniff' }
  /** A blob that is not a readable filesystem layer; the reason is shown to the user. */
  | { kind: 'skip'; reason: string };

export function compressionOfMediaType(mediaType: string): MediaTypeVerdict {
  const type = mediaType.trim().toLowerCase();
  if (!type || type === 'application/octet-stream') return { kind: 'sniff' };
  if (type.includes('+encrypted')) return { kind: 'skip', reason: `encrypted layer (${mediaType}) cannot be read` };
  // OCI: …layer.v1.tar, …tar+gzip, …tar+zstd (also the nondistributable variants);
  // Docker: …rootfs.diff.tar, …tar.gzip, …tar.zstd (also rootfs.foreign).
  if (type.endsWith('+gzip') || type.endsWith('.tar.gzip') || type.endsWith('.tar.gz')) return { kind: 'layer', compression: 'gzip' };
  if (type.endsWith('+zstd') || type.endsWith('.tar.zstd')) return { kind: 'layer', compression: 'zstd' };
  if (type.endsWith('.tar') || type.endsWith('layer.v1.tar')) return { kind: 'layer', compression: 'none' };
  if (type.includes('in-toto') || type.endsWith('+json') || type.endsWith('/json')) {
    return { kind: 'skip', reason: `${mediaType} is metadata, not a filesystem layer` };
  }
  return { kind: 'sniff' };
}

export function compressionOfMagic(head: Uint8Array): LayerCompression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/**
 * The tar bytes of a layer. `declared` is the media type's compression; when undefined, the first chunk
 * decides. Stopping the iteration stops (and destroys) everything upstream.
 */
export async function* decompressLayer(
  source: AsyncIterable<Buffer>,
  declared: LayerCompression | undefined,
  maxZstdWindowBytes: number,
): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const compression = declared ?? compressionOfMagic(first.value);
  const input = (async function* () {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
  try {
    if (compression === 'none') yield* input;
    else if (compression === 'zstd') yield* zstdDecompress(input, maxZstdWindowBytes);
    else yield* gunzip(input);
  } finally {
    await iterator.return?.();
  }
}

class GzipDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GzipDataError';
  }
}

async function* gunzip(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const output = pipeline(Readable.from(input), createGunzip({ chunkSize: 64 * 1024 }), () => {});
  try {
    for await (const chunk of output) yield chunk as Buffer;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new GzipDataError(`corrupt or truncated gzip data (${(error as Error).message})`);
    }
    throw error;
  }
}
