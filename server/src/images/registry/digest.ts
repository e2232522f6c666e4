/** Content digests (`sha256:<64 hex>`, `sha512:<128 hex>`): validation and hashing. */
import { createHash, type Hash } from 'node:crypto';

const ALGORITHMS: Record<string, number> = { sha256: 64, sha512: 128 };

/** True for a digest this client can verify. Also what keeps digests safe to use in cache file names. */
export function isSupportedDigest(digest: string): boolean {
  const colon = digest.indexOf(':');
  const length = ALGORITHMS[digest.slice(0, colon)];
  return length !== undefined && digest.length - colon - 1 === length && /^[a-f0-9]+$/.test(digest.slice(colon + 1));
}

export function digestAlgorithm(digest: string): string {
  return digest.slice(0, digest.indexOf(':'));
}

export function digestHex(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

export function computeDigest(bytes: Uint8Array, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** Incremental hashing with the algorithm of `expected`. */
export class Digester {
  private readonly hash: Hash;
  readonly algorithm: string;
  constructor(expected: string) {
    this.algorithm = digestAlgorithm(expected);
    this.hash = createHash(this.algorithm);
  }
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }
  digest(): string {
    return `${this.algorithm}:${this.hash.digest('hex')}`;
  }
}
