/**
 * Blob bodies checked while they stream: hashed with the digest's algorithm, counted against a byte limit,
 * and failed — as a stream error after the last chunk, before `end` — when the content does not hash to the
 * digest. Consumers must treat what they read as untrusted until the stream ends cleanly.
 */
import { Readable } from 'node:stream';
import { Digester } from './digest';
import { DigestMismatchError, TooLargeError } from './errors';

export interface VerifyOptions {
  digest: string;
  maxBytes: number;
  registry: string;
  /** `repository@digest`, for messages. */
  subject: string;
}

export async function* verifiedChunks(source: AsyncIterable<Uint8Array>, options: VerifyOptions): AsyncGenerator<Uint8Array> {
  const digester = new Digester(options.digest);
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > options.maxBytes) {
      throw new TooLargeError(`blob ${options.subject} from ${options.registry} is larger than the ${options.maxBytes}-byte limit`, {
        registry: options.registry,
        limitBytes: options.maxBytes,
      });
    }
    digester.update(chunk);
    yield chunk;
  }
  const actual = digester.digest();
  if (actual !== options.digest) {
    throw new DigestMismatchError(`blob ${options.subject} from ${options.registry} does not match its digest (got ${actual})`, {
      registry: options.registry,
      expected: options.digest,
      actual,
    });
  }
}

export function verifiedStream(source: AsyncIterable<Uint8Array>, options: VerifyOptions): Readable {
  return Readable.from(verifiedChunks(source, options), { objectMode: false });
}
