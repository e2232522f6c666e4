/** Sources and destination of COPY/ADD, from shell-like or JSON form, with their spans. */
import type { DockerfileModel, DockerInstruction, Span } from '../../../documents/dockerfile';
import { memoize } from '../../../memo';
import { isWhitespace } from '../helpers';

export interface CopyOperand extends Span {
  /** Value with surrounding quotes removed. */
  value: string;
}

export interface CopyOperands {
  sources: CopyOperand[];
  dest: CopyOperand;
}

/** undefined for heredoc forms and for instructions without at least one source and a destination. */
export function copyOperands(model: DockerfileModel, instruction: DockerInstruction): CopyOperands | undefined {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return undefined;
  if (instruction.heredocs.length > 0) return undefined;
  // Several COPY/ADD rules ask; the answer is read-only.
  return memoize(instruction, 'remoteCopyOperands', () => computeCopyOperands(model, instruction));
}

function computeCopyOperands(model: DockerfileModel, instruction: DockerInstruction): CopyOperands | undefined {
  let operands: CopyOperand[];
  const body = model.text.slice(instruction.flags.at(-1)?.end ?? instruction.argsStart, instruction.end).trim();
  if (body.startsWith('[') && instruction.jsonSpans && instruction.jsonSpans.length >= 2) {
    try {
      const values = JSON.parse(body.replace(/\\\r?\n/g, '')) as unknown;
      if (!Array.isArray(values) || values.length !== instruction.jsonSpans.length) return undefined;
      operands = instruction.jsonSpans.map((span, i) => ({ ...span, value: String(values[i]) }));
    } catch {
      return undefined;
    }
  } else {
    operands = tokenize(model.text, instruction.flags.at(-1)?.end ?? instruction.argsStart, instruction.end, model.escapeChar);
  }
  if (operands.length < 2) return undefined;
  return { sources: operands.slice(0, -1), dest: operands[operands.length - 1] };
}

export function flagOf(instruction: DockerInstruction, name: string) {
  return instruction.flags.find((f) => f.name.toLowerCase() === name);
}

export const ARCHIVE_EXTENSIONS = ['.tar', '.Z', '.bz2', '.gz', '.lz', '.lzma', '.tZ', '.tb2', '.tbz', '.tbz2', '.tgz', '.tlz', '.tpz', '.txz', '.xz', '.zst', '.tzst'];

/** Names ADD would unpack (a tar, possibly compressed), judged by extension as hadolint does. */
export function isArchiveName(path: string): boolean {
  return ARCHIVE_EXTENSIONS.some((ext) => path.endsWith(ext));
}

export function isUrl(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

/** A git source as BuildKit recognises it: `git@host:…`, `git://`, `ssh://…`, or an http(s) URL of a `.git` repository. */
export function isGitSource(path: string): boolean {
  return /^git@[^:]+:/.test(path) || /^(git|ssh):\/\//i.test(path) || (/^https?:\/\//i.test(path) && /\.git([#?].*)?$/.test(path));
}

/** Last path component, for both `/` and `\` separators. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) ?? path;
}

/** Splits COPY/ADD arguments on blanks outside quotes (dockerfile-ast splits `"C:\\Program Files"`), skipping line continuations. */
function tokenize(text: string, from: number, to: number, escapeChar: string): CopyOperand[] {
  const out: CopyOperand[] = [];
  const escape = escapeChar.charCodeAt(0);
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === escape && (text.charCodeAt(i + 1) === 10 || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10))) {
      i += text.charCodeAt(i + 1) === 13 ? 3 : 2;
      continue;
    }
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    const start = i;
    let quote = 0;
    while (i < to) {
      const d = text.charCodeAt(i);
      if (quote) {
        if (d === quote) quote = 0;
      } else if (d === 34 || d === 39) {
        quote = d;
      } else if (isWhitespace(d)) {
        break;
      }
      i++;
    }
    const raw = text.slice(start, i);
    const quoted = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0];
    out.push({ start, end: i, value: quoted ? raw.slice(1, -1) : raw });
  }
  return out;
}
