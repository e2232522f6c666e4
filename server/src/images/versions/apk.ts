/**
 * Alpine (apk-tools 3) version ordering: `digit{.digit}...{letter}{_suffix{N}}...{~hash}{-rN}`.
 *
 * The string is read as a sequence of tokens; the first pair of tokens that differs decides. Pre-release suffixes
 * (`_alpha` < `_beta` < `_pre` < `_rc`) sort before the bare version, post-release ones (`_cvs` < `_svn` < `_git`
 * < `_hg` < `_p`) after it. A dot-separated number with a leading zero is compared as a string (Gentoo rule), so
 * `1.01 < 1.1`. When one version runs out first, the longer one is newer unless what follows is a pre-release
 * suffix. Anything past an invalid token is ignored, as apk does.
 */
import { type Comparison, compareDigitRuns } from './types';

// Token kinds in apk's order: the order is the grammar (a token may only follow lower kinds) and the tie-break.
const enum Kind {
  InitialDigit,
  Digit,
  Letter,
  Suffix,
  SuffixNumber,
  CommitHash,
  Revision,
  End,
  Invalid,
}

// Suffix weights: `none` is the pivot between pre- and post-release.
const SUFFIX_WEIGHT: Record<string, number> = { alpha: 1, beta: 2, pre: 3, rc: 4, cvs: 6, svn: 7, git: 8, hg: 9, p: 10 };
const SUFFIX_NONE = 5;

interface Token {
  kind: Kind;
  text: string;
  suffix: number;
}

class Tokenizer {
  private pos = 0;
  kind: Kind = Kind.InitialDigit;
  text = '';
  suffix = 0;

  constructor(private readonly s: string) {
    this.readDigits(Kind.InitialDigit);
  }

  token(): Token {
    return { kind: this.kind, text: this.text, suffix: this.suffix };
  }

  private readDigits(kind: Kind): void {
    const start = this.pos;
    while (this.pos < this.s.length && isDigit(this.s.charCodeAt(this.pos))) this.pos++;
    this.text = this.s.slice(start, this.pos);
    this.kind = this.text === '' ? Kind.Invalid : kind;
  }

  private readWhile(test: (c: number) => boolean): string {
    const start = this.pos;
    while (this.pos < this.s.length && test(this.s.charCodeAt(this.pos))) this.pos++;
    return this.s.slice(start, this.pos);
  }

  next(): void {
    if (this.pos >= this.s.length) {
      this.kind = Kind.End;
      return;
    }
    const c = this.s.charCodeAt(this.pos);
    const previous = this.kind;
    if (isLower(c)) {
      if (previous > Kind.Digit) return this.invalid();
      this.text = this.s[this.pos++];
      this.kind = Kind.Letter;
    } else if (c === 46 /* . */ || isDigit(c)) {
      if (c === 46) {
        if (previous > Kind.Digit) return this.invalid();
        this.pos++;
      }
      if (previous === Kind.InitialDigit || previous === Kind.Digit) this.readDigits(Kind.Digit);
      else if (previous === Kind.Suffix) this.readDigits(Kind.SuffixNumber);
      else this.invalid();
    } else if (c === 95 /* _ */) {
      if (previous > Kind.SuffixNumber) return this.invalid();
      this.pos++;
      this.text = this.readWhile(isLower);
      this.suffix = SUFFIX_WEIGHT[this.text] ?? 0;
      if (this.suffix === 0) return this.invalid();
      this.kind = Kind.Suffix;
    } else if (c === 126 /* ~ */) {
      if (previous >= Kind.CommitHash) return this.invalid();
      this.pos++;
      this.text = this.readWhile(isHexDigit);
      if (this.text === '') return this.invalid();
      this.kind = Kind.CommitHash;
    } else if (c === 45 /* - */) {
      if (previous >= Kind.Revision || this.s.charCodeAt(this.pos + 1) !== 114 /* r */) return this.invalid();
      this.pos += 2;
      this.readDigits(Kind.Revision);
    } else {
      this.invalid();
    }
  }

  private invalid(): void {
    this.kind = Kind.Invalid;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Byte order with the shorter string first on a common prefix (apk's `apk_blob_sort`). */
function compareStrings(a: string, b: string): Comparison {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTokens(a: Token, b: Token): Comparison {
  switch (a.kind) {
    case Kind.Digit:
      if (a.text.startsWith('0') || b.text.startsWith('0')) return compareStrings(a.text, b.text);
      return compareDigitRuns(a.text, b.text);
    case Kind.InitialDigit:
    case Kind.SuffixNumber:
    case Kind.Revision:
      return compareDigitRuns(a.text, b.text);
    case Kind.Letter:
      return compareStrings(a.text, b.text);
    case Kind.Suffix:
      return a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : 0;
    default:
      return compareStrings(a.text, b.text);
  }
}

export function compareApkVersions(a: string, b: string): Comparison {
  const x = new Tokenizer(a);
  const y = new Tokenizer(b);
  while (x.kind === y.kind && x.kind < Kind.End) {
    const byToken = compareTokens(x.token(), y.token());
    if (byToken !== 0) return byToken;
    x.next();
    y.next();
  }
  if (x.kind === y.kind) return 0;
  if (x.kind === Kind.Suffix && x.suffix < SUFFIX_NONE) return -1;
  if (y.kind === Kind.Suffix && y.suffix < SUFFIX_NONE) return 1;
  return x.kind > y.kind ? -1 : 1;
}

export function isValidApkVersion(version: string): boolean {
  const t = new Tokenizer(version);
  while (t.kind < Kind.End) t.next();
  return t.kind === Kind.End;
}
