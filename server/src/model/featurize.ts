/**
 * The `drydock-hash-v2` featurizer (the `featurizer` of a model.json), identical to the Python
 * training code; `models/<name>/golden.json` proves it (test/model/featurize.test.ts).
 *
 * Allocation-light: every feature string is hashed as it is produced — a streaming CRC-32 over the
 * UTF-8 bytes of a constant prefix and the code points of a window — into a reusable sparse count
 * buffer; only the output vector (and, for the regexes, the lower-cased text) is allocated.
 *
 * Strings are sequences of Unicode code points (Python `str` indexing). A lone UTF-16 surrogate is
 * hashed as U+FFFD (what TextEncoder writes); Python could not encode it at all.
 */

/**
 * v2 adds one secret feature to v1 (engineered slot 27: the name's last word names a kind of
 * ordinary value — a digest, a version, an id, a host, a path …); commands are featurized
 * identically. A v1 model is still fed exactly the v1 vector.
 */
export const FEATURIZER_ID = 'drydock-hash-v2';
export const FEATURIZER_V1 = 'drydock-hash-v1';

export const CMD_HASH_DIM = 4096;
export const CMD_FLAG_COUNT = 16;
export const CMD_DIM = CMD_HASH_DIM + CMD_FLAG_COUNT; // 4112
export const CMD_MAX_CHARS = 400;

export const SECRET_VALUE_DIM = 1024;
export const SECRET_NAME_DIM = 256;
export const SECRET_ENGINEERED = 64;
export const SECRET_DIM = SECRET_VALUE_DIM + SECRET_NAME_DIM + SECRET_ENGINEERED; // 1344
export const SECRET_MAX_VALUE = 256;
export const SECRET_MAX_NAME = 128;

export const SECRET_CONTEXTS = ['dockerfile-env', 'dockerfile-arg', 'k8s-env', 'compose-env', 'url-credential', 'cli-flag', 'other'] as const;
export type SecretContextId = (typeof SECRET_CONTEXTS)[number];

export interface SecretInput {
  value: string;
  name: string;
  context: string;
}

/** The sparse form of a feature vector (ascending indices), as golden.json records it. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

// ---------------------------------------------------------------------------------------------
// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320: zlib.crc32), streamed over UTF-8.

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** The running CRC state is kept inverted (start 0xFFFFFFFF); `crcFinal` gives the unsigned hash. */
const CRC_START = -1;

function crcByte(state: number, byte: number): number {
  return CRC_TABLE[(state ^ byte) & 0xff] ^ (state >>> 8);
}

function crcCodePoint(state: number, cp: number): number {
  if (cp < 0x80) return crcByte(state, cp);
  if (cp < 0x800) return crcByte(crcByte(state, 0xc0 | (cp >> 6)), 0x80 | (cp & 0x3f));
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // lone surrogate
  if (cp < 0x10000) return crcByte(crcByte(crcByte(state, 0xe0 | (cp >> 12)), 0x80 | ((cp >> 6) & 0x3f)), 0x80 | (cp & 0x3f));
  return crcByte(crcByte(crcByte(crcByte(state, 0xf0 | (cp >> 18)), 0x80 | ((cp >> 12) & 0x3f)), 0x80 | ((cp >> 6) & 0x3f)), 0x80 | (cp & 0x3f));
}

function crcString(state: number, s: string): number {
  for (const ch of s) state = crcCodePoint(state, ch.codePointAt(0)!);
  return state;
}

function crcFinal(state: number): number {
  return ~state >>> 0;
}

/** CRC-32 of the UTF-8 bytes of `s` (exported for tests: equals zlib.crc32). */
export function crc32(s: string): number {
  return crcFinal(crcString(CRC_START, s));
}

// ---------------------------------------------------------------------------------------------
// Scratch buffers, reused between calls (the featurizer is synchronous, so one set suffices).

class SparseCounts {
  readonly counts: Float64Array;
  readonly touched: Int32Array;
  size = 0;
  constructor(readonly dim: number) {
    this.counts = new Float64Array(dim);
    this.touched = new Int32Array(dim);
  }
  add(hash: number): void {
    const index = hash % this.dim;
    if (this.counts[index] === 0) this.touched[this.size++] = index;
    this.counts[index] += 1;
  }
  /** log1p, L2 over the block, written to out[offset + index]; then the buffer is cleared. */
  flush(out: Float32Array, offset: number): void {
    let sumSquares = 0;
    for (let i = 0; i < this.size; i++) {
      const index = this.touched[i];
      const v = Math.log1p(this.counts[index]);
      this.counts[index] = v;
      sumSquares += v * v;
    }
    const norm = Math.sqrt(sumSquares);
    for (let i = 0; i < this.size; i++) {
      const index = this.touched[i];
      out[offset + index] = norm > 0 ? this.counts[index] / norm : 0;
      this.counts[index] = 0;
    }
    this.size = 0;
  }
}

const cmdCounts = new SparseCounts(CMD_HASH_DIM);
const valueCounts = new SparseCounts(SECRET_VALUE_DIM);
const nameCounts = new SparseCounts(SECRET_NAME_DIM);
let codePoints = new Int32Array(512);

/** Code points of `s` (at most `max`) into the scratch buffer at 1.., with room for the sentinels. */
function loadCodePoints(s: string, max: number, lower: boolean): number {
  if (codePoints.length < Math.min(s.length, max) + 2) codePoints = new Int32Array(Math.min(s.length, max) + 2);
  let n = 0;
  for (let i = 0; i < s.length && n < max; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (lower && cp >= 0x41 && cp <= 0x5a) cp += 32;
    codePoints[++n] = cp;
  }
  return n;
}

/** The first `max` code points of `s` (the string itself when it is short enough). */
export function firstCodePoints(s: string, max: number): string {
  if (s.length <= max) return s;
  let count = 0;
  let i = 0;
  while (i < s.length && count < max) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    count++;
  }
  return s.slice(0, i);
}

export function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

const PREFIX = (s: string) => crcString(CRC_START, s);

// ---------------------------------------------------------------------------------------------
// cmd-risk: float32[4112] = hashed block (4096) ++ structural flags (16)

const CMD_NGRAM_PREFIX = [3, 4, 5].map((k) => ({ k, state: PREFIX(`c${k}:`) }));
const WORD_PREFIX = PREFIX('w:');
const BIGRAM_PREFIX = PREFIX('b:');

/** Characters of word tokens: `[a-z0-9_./:$@=+-]`. */
const WORD_CHAR = (() => {
  const table = new Uint8Array(128);
  for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789_./:$@=+-') table[c.charCodeAt(0)] = 1;
  return table;
})();

export const CMD_FLAGS: readonly RegExp[] = [
  /\|\s*(sudo\s+)?(ba|da|z|k|c)?sh(\s|$)/,
  /\/dev\/(tcp|udp)\//,
  /https?:\/\/[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/,
  /base64\s+(-d|--decode|-D)/,
  /(base64\s+(-d|--decode|-D)|xxd\s+-r|openssl\s+(enc|base64)\s+-d)[^|]*\|\s*(sudo\s+)?(ba|da|z|k)?sh/,
  /(\bnc|ncat|netcat)\s.*-(e|c)\s|socat\s.*exec/,
  /(^|[\s;&|])eval\s/,
  /(curl|wget)\s/,
  /chmod\s+(\+x|[0-7]*[1357][0-7]*\s)/,
  /crontab|\/etc\/cron|systemctl\s+enable|\/etc\/rc\.local|\.bashrc|\/etc\/profile/,
  /history\s+-c|unset\s+histfile|histfile=\/dev\/null|\/var\/log\/|setenforce\s+0|iptables\s+-f/,
  /stratum\+(tcp|ssl)|xmrig|minerd|cpuminer|--donate-level|nicehash|monero/,
  /\.aws\/credentials|aws_secret|\.ssh\/(id_|authorized_keys)|\/etc\/shadow|\.docker\/config\.json|\.kube\/config/,
  /nsenter|\/proc\/1\/root|docker\.sock|mount\s+\/dev\/|chroot\s+\/host|--privileged|cgroup.*release_agent/,
  /(python[0-9.]*|perl|ruby|php|node|lua)\s+-(c|e|r)\s/,
  /(^|[\s;&|])(ba|da|z|k)?sh\s+-c\s|(^|[\s;&|])(ba|da|z|k)?sh\s+-i/,
];

/**
 * Writes the cmd-risk vector of `text` into out[offset .. offset+4112) (which must be zero there).
 * Text longer than 400 code points is cut to its first 400.
 */
export function featurizeCommandInto(text: string, out: Float32Array, offset = 0): void {
  // t = ascii_lower(text); n = t with digit runs collapsed to "0"; hashed over "\u0002" + n + "\u0003".
  const length = loadCodePoints(text, CMD_MAX_CHARS, true);
  const cp = codePoints;
  let n = 0;
  let inDigits = false;
  for (let i = 1; i <= length; i++) {
    const c = cp[i];
    const digit = c >= 0x30 && c <= 0x39;
    if (digit && inDigits) continue;
    inDigits = digit;
    cp[++n] = digit ? 0x30 : c;
  }
  cp[0] = 2;
  cp[n + 1] = 3;
  const total = n + 2;
  for (const { k, state } of CMD_NGRAM_PREFIX) {
    for (let i = 0; i + k <= total; i++) {
      let h = state;
      for (let j = i; j < i + k; j++) h = crcCodePoint(h, cp[j]);
      cmdCounts.add(crcFinal(h));
    }
  }
  // Word tokens (ASCII word characters) of n and adjacent pairs.
  let previousStart = -1;
  let previousEnd = -1;
  let i = 1;
  while (i <= n) {
    const c = cp[i];
    if (c >= 128 || WORD_CHAR[c] === 0) {
      i++;
      continue;
    }
    const start = i;
    while (i <= n && cp[i] < 128 && WORD_CHAR[cp[i]] === 1) i++;
    let h = WORD_PREFIX;
    for (let j = start; j < i; j++) h = crcByte(h, cp[j]);
    cmdCounts.add(crcFinal(h));
    if (previousStart >= 0) {
      let b = BIGRAM_PREFIX;
      for (let j = previousStart; j < previousEnd; j++) b = crcByte(b, cp[j]);
      b = crcByte(b, 0x20);
      for (let j = start; j < i; j++) b = crcByte(b, cp[j]);
      cmdCounts.add(crcFinal(b));
    }
    previousStart = start;
    previousEnd = i;
  }
  cmdCounts.flush(out, offset);
  const t = asciiLower(firstCodePoints(text, CMD_MAX_CHARS));
  for (let f = 0; f < CMD_FLAG_COUNT; f++) out[offset + CMD_HASH_DIM + f] = CMD_FLAGS[f].test(t) ? 1 : 0;
}
export function featurizeCommand(text: string): Float32Array {
  const out = new Float32Array(CMD_DIM);
  featurizeCommandInto(text, out, 0);
  return out;
}

// ---------------------------------------------------------------------------------------------
// secret-scorer: float32[1344] = value n-grams (1024) ++ name words (256) ++ engineered (64)

const VALUE_NGRAM_PREFIX = [2, 3, 4].map((k) => ({ k, state: PREFIX(`v${k}:`) }));
const NAME_PREFIX = PREFIX('n:');
const CONTEXT_PREFIX = PREFIX('nc:');

const PLACEHOLDER_WORDS = ['changeme', 'change_me', 'example', 'placeholder', 'your_', 'your-', 'dummy', 'sample', 'test', 'xxx', 'todo', 'redacted', 'secret_here', 'password_here', 'fixme'];
const KNOWN_PREFIXES = ['ghp_', 'gho_', 'github_pat_', 'glpat-', 'xoxb-', 'xoxp-', 'sk_live_', 'rk_live_', 'AKIA', 'ASIA', 'AIza', 'npm_', 'eyJ', '-----BEGIN'];
const TRIVIAL_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'none', 'null']);
const NAME_KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'cred', 'auth', 'api'];
/** Last name words that say what kind of ordinary value a variable holds (v2, slot 27). */
const VALUE_KIND_WORDS = new Set(['sha', 'sha1', 'sha256', 'sha512', 'md5', 'checksum', 'digest', 'commit', 'fingerprint', 'version', 'ver', 'tag', 'release',
  'ref', 'rev', 'revision', 'id', 'uuid', 'url', 'uri', 'endpoint', 'host', 'hostname', 'domain', 'port', 'path', 'dir', 'file', 'region', 'zone', 'level', 'mode', 'timeout',
  'lang', 'locale', 'tz', 'image', 'arch', 'user', 'username', 'email', 'name']);

let sortScratch = new Int32Array(SECRET_MAX_VALUE);

function isLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}
function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Writes the secret-scorer vector into out[offset .. offset+1344) (which must be zero there). */
export function featurizeSecretInto(input: SecretInput, out: Float32Array, offset = 0, featurizer: string = FEATURIZER_ID): void {
  const value = firstCodePoints(input.value, SECRET_MAX_VALUE);
  const name = firstCodePoints(input.name, SECRET_MAX_NAME);
  const context = input.context;

  // 1. value n-grams, not lower-cased.
  const length = loadCodePoints(value, SECRET_MAX_VALUE, false);
  const cp = codePoints;
  cp[0] = 2;
  cp[length + 1] = 3;
  const total = length + 2;
  for (const { k, state } of VALUE_NGRAM_PREFIX) {
    for (let i = 0; i + k <= total; i++) {
      let h = state;
      for (let j = i; j < i + k; j++) h = crcCodePoint(h, cp[j]);
      valueCounts.add(crcFinal(h));
    }
  }
  valueCounts.flush(out, offset);

  // 3 (value part, while its code points are loaded). Counts by class, entropy and distinct count from a sorted copy.
  const e = offset + SECRET_VALUE_DIM + SECRET_NAME_DIM;
  let lower = 0;
  let upper = 0;
  let digit = 0;
  if (sortScratch.length < length) sortScratch = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const c = cp[i + 1];
    if (isLower(c)) lower++;
    else if (isUpper(c)) upper++;
    else if (isDigit(c)) digit++;
    sortScratch[i] = c;
  }
  const sorted = sortScratch.subarray(0, length).sort();
  let entropy = 0;
  let distinct = 0;
  for (let i = 0; i < length; ) {
    let j = i + 1;
    while (j < length && sorted[j] === sorted[i]) j++;
    const p = (j - i) / length;
    entropy -= p * Math.log2(p);
    distinct++;
    i = j;
  }
  const denominator = Math.max(1, length);
  const valueLower = asciiLower(value);
  out[e + 0] = Math.min(length, 256) / 256;
  out[e + 1] = entropy / 8;
  out[e + 2] = lower / denominator;
  out[e + 3] = upper / denominator;
  out[e + 4] = digit / denominator;
  out[e + 5] = (length - lower - upper - digit) / denominator;
  out[e + 6] = value.includes('${') || value.includes('$(') || value.includes('{{') || value.startsWith('$') ? 1 : 0;
  out[e + 7] = /^<[^>]*>$/.test(value) || /^\[[^\]]*\]$/.test(value) ? 1 : 0;
  out[e + 8] = PLACEHOLDER_WORDS.some((w) => valueLower.includes(w)) ? 1 : 0;
  out[e + 9] = /^(\/|\.\/|~\/)/.test(value) ? 1 : 0;
  out[e + 10] = /^[a-z][a-z0-9+.-]*:\/\//.test(valueLower) ? 1 : 0;
  out[e + 11] = /^v?[0-9]+(\.[0-9]+){1,3}([-+][0-9a-z.]+)?$/.test(value) ? 1 : 0;
  out[e + 12] = /^(sha256:|sha1:)?[0-9a-f]{32,128}$/.test(value) ? 1 : 0;
  out[e + 13] = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value) ? 1 : 0;
  out[e + 14] = KNOWN_PREFIXES.some((p) => value.startsWith(p)) ? 1 : 0;
  out[e + 15] = length > 0 && (lower === length || upper === length || digit === length) ? 1 : 0;
  out[e + 16] = TRIVIAL_WORDS.has(valueLower) || /^[0-9]{1,6}$/.test(value) ? 1 : 0;
  out[e + 17] = distinct / denominator;
  out[e + 18] = value.includes(' ') ? 1 : 0;

  // 2. name words: split at every character outside [a-z0-9] of ascii_lower(name) and at lower→upper
  // boundaries of the original name; plus the context.
  const nameLength = loadCodePoints(name, SECRET_MAX_NAME, false);
  let tokenStart = -1;
  let lastTokenStart = -1;
  let lastTokenEnd = -1;
  let h = NAME_PREFIX;
  for (let i = 1; i <= nameLength + 1; i++) {
    const original = i <= nameLength ? cp[i] : -1;
    const c = isUpper(original) ? original + 32 : original;
    const wordChar = isLower(c) || isDigit(c);
    const camel = wordChar && isUpper(original) && i > 1 && isLower(cp[i - 1]);
    if (tokenStart >= 0 && (!wordChar || camel)) {
      nameCounts.add(crcFinal(h));
      lastTokenStart = tokenStart;
      lastTokenEnd = i;
      tokenStart = -1;
    }
    if (wordChar) {
      if (tokenStart < 0) {
        tokenStart = i;
        h = NAME_PREFIX;
      }
      h = crcByte(h, c);
    }
  }
  nameCounts.add(crcFinal(crcString(CONTEXT_PREFIX, context)));
  nameCounts.flush(out, offset + SECRET_VALUE_DIM);

  const nameLower = asciiLower(name);
  out[e + 19] = NAME_KEYWORDS.some((w) => nameLower.includes(w)) ? 1 : 0;
  const contextIndex = SECRET_CONTEXTS.indexOf(context as SecretContextId);
  if (contextIndex >= 0) out[e + 20 + contextIndex] = 1;
  if (featurizer !== FEATURIZER_V1 && lastTokenStart >= 0) {
    let lastWord = '';
    for (let i = lastTokenStart; i < lastTokenEnd; i++) lastWord += String.fromCharCode(isUpper(cp[i]) ? cp[i] + 32 : cp[i]);
    if (VALUE_KIND_WORDS.has(lastWord)) out[e + 27] = 1;
  }
}

export function featurizeSecret(input: SecretInput, featurizer: string = FEATURIZER_ID): Float32Array {
  const out = new Float32Array(SECRET_DIM);
  featurizeSecretInto(input, out, 0, featurizer);
  return out;
}

// ---------------------------------------------------------------------------------------------

export function toSparse(vector: Float32Array): SparseVector {
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < vector.length; i++) {
    if (vector[i] !== 0) {
      indices.push(i);
      values.push(vector[i]);
    }
  }
  return { indices, values };
}

export function commandSparse(text: string): SparseVector {
  return toSparse(featurizeCommand(text));
}

export function secretSparse(input: SecretInput, featurizer: string = FEATURIZER_ID): SparseVector {
  return toSparse(featurizeSecret(input, featurizer));
}
