/**
 * Where an "ignore" quick fix puts its comment. Pure: text in, one text edit and the cursor
 * position after the edit out. The comment must land where core/suppressions.ts will read it:
 * directly above the first line of the instruction the finding belongs to (a comment inside a
 * continued RUN would be dropped by the parser), and for file-wide ignores below the parser
 * directives (a comment above `# escape=` would end directive parsing and change the file).
 */
import type { Position, TextEdit } from './findings';
import { instructionSpans, type DockerfileModel } from './documents/dockerfile';
import { LineIndex, eolOf } from './text';
import { TextCache } from './textCache';

export interface IgnoreEdit {
  edit: TextEdit;
  /** Where the cursor belongs once the edit is applied: after `-- `, ready for the reason. */
  cursor: Position;
}

const LINE_IGNORE = /^(\s*#\s*drydock-ignore\s+)([^\s]+(?:\s*,\s*[^\s,]+)*)(.*)$/;
const FILE_IGNORE = /^(\s*#\s*drydock-ignore-file\s+)([^\s]+(?:\s*,\s*[^\s,]+)*)(.*)$/;
const DIRECTIVE = /^\s*#\s*[A-Za-z][A-Za-z0-9_-]*\s*=/;

/**
 * Edit that suppresses `rule` for the instruction containing `line` (0-based) of a Dockerfile, or
 * for the YAML node that starts on `line` (a comment above a key covers that key's whole value).
 */
export function ignoreLineEdit(text: string, line: number, rule: string, syntax: 'dockerfile' | 'yaml' = 'dockerfile', lines = new LineIndex(text)): IgnoreEdit {
  const target = syntax === 'yaml' ? Math.min(Math.max(0, line), lines.lineCount - 1) : instructionFirstLine(text, lines, line);
  const indent = /^[ \t]*/.exec(lines.lineText(target).slice(bomWidth(text, target)))![0];
  if (target > 0) {
    const extended = extendExisting(lines, target - 1, rule, LINE_IGNORE);
    if (extended) return extended;
  }
  const prefix = `${indent}# drydock-ignore ${rule} -- `;
  const at = { line: target, character: bomWidth(text, target) };
  return { edit: { range: { start: at, end: at }, newText: prefix + eolOf(text) }, cursor: { line: target, character: at.character + prefix.length } };
}

/** Edit that suppresses `rule` in the whole file. */
export function ignoreFileEdit(text: string, rule: string, lines = new LineIndex(text)): IgnoreEdit {
  let insertLine = 0;
  let inDirectives = true;
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line).replace(/^\uFEFF/, '');
    const trimmed = content.trim();
    if (inDirectives && DIRECTIVE.test(content)) {
      insertLine = line + 1;
      continue;
    }
    inDirectives = false;
    if (trimmed.startsWith('#')) {
      if (FILE_IGNORE.test(content)) {
        const extended = extendExisting(lines, line, rule, FILE_IGNORE);
        if (extended) return extended;
      }
      insertLine = line + 1;
      continue;
    }
    break;
  }
  const eol = eolOf(text);
  const comment = `# drydock-ignore-file ${rule} -- `;
  if (insertLine >= lines.lineCount) {
    // Only comments: append on a new last line.
    const end = lines.positionAt(text.length);
    const needsBreak = text.length > 0 && !text.endsWith('\n') && !text.endsWith('\r');
    return {
      edit: { range: { start: end, end }, newText: (needsBreak ? eol : '') + comment },
      cursor: { line: needsBreak ? end.line + 1 : end.line, character: comment.length },
    };
  }
  const at = { line: insertLine, character: bomWidth(text, insertLine) };
  return { edit: { range: { start: at, end: at }, newText: comment + eol }, cursor: { line: insertLine, character: at.character + comment.length } };
}

/** A byte-order mark must stay the first character of the file, so insertions on line 0 go after it. */
function bomWidth(text: string, line: number): number {
  return line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** Adds `rule` to an existing ignore comment on `line` instead of stacking a second comment. */
function extendExisting(lines: LineIndex, line: number, rule: string, pattern: RegExp): IgnoreEdit | undefined {
  const content = lines.lineText(line);
  const m = pattern.exec(content);
  if (!m) return undefined;
  const ids = m[2].split(',').map((s) => s.trim());
  if (ids.includes(rule)) return undefined;
  const character = m[1].length + m[2].length;
  const at = { line, character };
  return { edit: { range: { start: at, end: at }, newText: `,${rule}` }, cursor: { line, character: content.length + rule.length + 1 } };
}

/**
 * First line of the instruction that contains `line`. The parsed model knows heredocs and
 * comments inside continuations; the escape-character walk covers lines the parser does not
 * attribute to any instruction.
 */
function instructionFirstLine(text: string, lines: LineIndex, line: number): number {
  const { escapeChar, spans } = instructionLinesOf(text, lines);
  for (const span of spans) if (line >= span.first && line <= span.last) return span.first;
  return walkBackOverContinuations(lines, line, escapeChar);
}

interface InstructionLines {
  escapeChar: string;
  /** First and last line of every instruction, in file order. */
  spans: { first: number; last: number }[];
}

/**
 * Instruction lines of recent texts, keyed by the exact text. The editor asks for code actions once per diagnostic
 * under the cursor and again as the cursor moves, each time for the same text, and the language server hands in the
 * model each analysis built (`rememberInstructionLines`): parsing the text again per request put a full dockerfile-ast
 * parse between the slices of the analysis the user was waiting for. Bounded by total characters, oldest out first.
 */
const recentInstructionLines = new TextCache<InstructionLines>(2 * 1024 * 1024);

/** Keeps the instruction lines of an analysed model, so "ignore for this line" on its text needs no parse. */
export function rememberInstructionLines(model: DockerfileModel): void {
  if (!recentInstructionLines.has(model.text)) recentInstructionLines.set(model.text, instructionLinesFromModel(model, model.lines));
}

function instructionLinesOf(text: string, lines: LineIndex): InstructionLines {
  const cached = recentInstructionLines.get(text);
  if (cached) return cached;
  let found: InstructionLines = { escapeChar: '\\', spans: [] };
  try {
    found = instructionLinesFromSpans(instructionSpans(text), lines);
  } catch {
    // No spans: the textual walk answers.
  }
  recentInstructionLines.set(text, found);
  return found;
}

function instructionLinesFromModel(model: DockerfileModel, lines: LineIndex): InstructionLines {
  return instructionLinesFromSpans({ escapeChar: model.escapeChar, spans: model.instructions }, lines);
}

function instructionLinesFromSpans(parsed: { escapeChar: string; spans: readonly { start: number; end: number }[] }, lines: LineIndex): InstructionLines {
  return {
    escapeChar: parsed.escapeChar,
    spans: parsed.spans.map((instruction) => ({
      first: lines.positionAt(instruction.start).line,
      last: lines.positionAt(Math.max(instruction.start, instruction.end - 1)).line,
    })),
  };
}

export function walkBackOverContinuations(lines: LineIndex, line: number, escapeChar: string): number {
  let current = Math.min(Math.max(0, line), lines.lineCount - 1);
  for (;;) {
    let previous = current - 1;
    // Comment and blank lines inside a continuation belong to the instruction around them.
    while (previous >= 0 && isCommentOrBlank(lines.lineText(previous))) previous--;
    if (previous < 0) return current;
    if (!lines.lineText(previous).trimEnd().endsWith(escapeChar)) return current;
    current = previous;
  }
}

function isCommentOrBlank(content: string): boolean {
  const trimmed = content.trim();
  return trimmed === '' || trimmed.startsWith('#');
}
