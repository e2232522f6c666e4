/**
 * Secret *values*: formats that are credentials whatever they are called (PEM keys, cloud and forge
 * tokens, passwords in URLs) and the "random-looking" test for values of secret-named variables.
 * Shared by the Dockerfile, Kubernetes and compose secret rules.
 */
import { isHarmlessValue, isPlaceholder } from './secretNames';

export interface Detector {
  name: string;
  pattern: RegExp;
  /** Capture group holding the secret (0 = whole match); a pattern with a group carries the `d` flag (its offsets). */
  group?: number;
  /** Strings one of which the text must hold for the pattern to match at all (see HINTS). */
  hints: string[];
}

/**
 * One scan for the fixed strings every detector needs, so that a file with no token in it is not
 * scanned once per detector. Found strings are collected into a set; `://` counts only when
 * userinfo ending in `@` follows it.
 */
const HINTS = /-----BEGIN |A(?:KIA|SIA|BIA|CCA|Iza)|gh[pousr]_|github_pat_|glpat-|xox|k_live_|npm_|eyJ|:\/\//g;

export function hintsIn(text: string): Set<string> {
  const found = new Set<string>();
  HINTS.lastIndex = 0;
  for (let m = HINTS.exec(text); m; m = HINTS.exec(text)) {
    // Step one character only: hints may overlap (`AKIAIza…`).
    HINTS.lastIndex = m.index + 1;
    if (m[0] === '://' && !userinfoFollows(text, m.index)) continue;
    found.add(m[0]);
  }
  return found;
}

/** `scheme://user:password@host`: the userinfo after `://` runs up to an `@`. */
function userinfoFollows(text: string, at: number): boolean {
  const stop = text.slice(at + 3, at + 515).search(/[\s/@'"`]/);
  return stop < 0 || text[at + 3 + stop] === '@';
}

/**
 * `scheme://user:password@host`: group 1 the user, group 2 the password. Bounded: an unbounded scheme is re-scanned
 * from every word start of a long `a.a.a.…` run (test/unit/regexAudit.test.ts). Written without \w, \d or `i` so that
 * models/training/secret_parts.py reads the same pattern; `d` gives the groups' offsets.
 */
export const URL_CREDENTIAL = /[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/([^\s:/@'"`]{1,256}):([^\s/@'"`]{1,1024})@[A-Za-z0-9_.-]+/dg;

/** Every `scheme://user:password@host` in `text`: the user, the password and where the password starts. */
export function urlCredentials(text: string): { user: string; password: string; offset: number }[] {
  return [...text.matchAll(URL_CREDENTIAL)].map((m) => ({ user: m[1], password: m[2], offset: m.indices![2][0] }));
}

/** Formats that are secrets whatever variable they sit in. */
export const DETECTORS: readonly Detector[] = [
  { name: 'private key (PEM)', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g, hints: ['-----BEGIN '] },
  { name: 'AWS access key ID', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, hints: ['AKIA', 'ASIA', 'ABIA', 'ACCA'] },
  { name: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/g, hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'] },
  { name: 'GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g, hints: ['glpat-'] },
  { name: 'Slack token', pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}/g, hints: ['xox'] },
  { name: 'Stripe live key', pattern: /\b[sr]k_live_[A-Za-z0-9]{20,}\b/g, hints: ['k_live_'] },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, hints: ['AIza'] },
  { name: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, hints: ['npm_'] },
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, hints: ['eyJ'] },
  { name: 'password in URL', pattern: URL_CREDENTIAL, group: 2, hints: ['://'] },
];

export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / value.length) * Math.log2(n / value.length);
  return h;
}

/** Random-looking: long enough, varied characters, no spaces, not a path, URL or placeholder. */
export function looksRandom(value: string): boolean {
  if (value.length < 12 || /\s/.test(value) || value.includes('$') || isHarmlessValue(value) || /^[a-z]+:\/\//i.test(value)) return false;
  // Words joined by separators (`dummy_for_assets`, `my-app-key`) read as text, not as generated secrets.
  if (/^[A-Za-z]+(?:[_\-.][A-Za-z]+)*$/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length;
  return classes >= 2 && entropy(value) >= 3.0;
}

export interface SecretHit {
  /** Offsets of the secret inside the scanned text. */
  start: number;
  end: number;
  value: string;
  detector: string;
}

/** Known credential formats in `text` (placeholders and `EXAMPLE` keys skipped). */
export function knownSecretFormats(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  const hints = hintsIn(text);
  if (hints.size === 0) return hits;
  for (const d of DETECTORS) {
    if (!d.hints.some((h) => hints.has(h))) continue;
    for (const m of text.matchAll(d.pattern)) {
      const value = d.group ? m[d.group] : m[0];
      if (value.startsWith('$') || isPlaceholder(value) || /EXAMPLE/.test(m[0])) continue;
      const start = d.group ? m.indices![d.group][0] : m.index!;
      hits.push({ start, end: start + value.length, value, detector: d.name });
    }
  }
  return hits;
}
