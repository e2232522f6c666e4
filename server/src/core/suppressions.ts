/**
 * Inline suppressions: our own `# drydock-ignore` comments and the peers' pragmas, matched
 * through each rule's equivalents so that users migrating from hadolint, Trivy, Checkov or
 * BuildKit keep their existing ignores.
 */
import type { DockerfileModel } from './documents/dockerfile';

export interface Suppression {
  /** Rule ids (`dockerfile/latest-tag`), peer ids (`hadolint:DL3008`) or `*`. */
  matchers: string[];
  /** Inclusive zero-based line span it covers; undefined = whole file. */
  lines?: { first: number; last: number };
  reason?: string;
  /** Line of the comment, for "unused suppression" reporting. */
  line: number;
  source: 'drydock' | 'hadolint' | 'buildkit' | 'trivy' | 'checkov' | 'kics';
}

const DRYDOCK_IGNORE = /^drydock-ignore(-file)?\s+([^\s]+(?:\s*,\s*[^\s,]+)*)\s*(?:--\s*(.*))?$/;
const HADOLINT_IGNORE = /^hadolint\s+(global\s+|stage\s+)?ignore\s*=\s*([A-Za-z0-9_,\s-]+?)(?:\s+#.*)?$/;
const BUILDKIT_CHECK = /^check\s*=\s*(.*)$/;
const TRIVY_IGNORE = /^trivy:ignore:([A-Za-z0-9_-]+)/;
const CHECKOV_SKIP = /^checkov:skip=([A-Za-z0-9_]+)(?::(.*))?$/;
const KICS_DISABLE = /^kics-scan\s+disable=([A-Za-z0-9_,-]+)/;

/** Peer id spellings we accept as the canonical `peer:ID`. */
export function normaliseTrivyId(id: string): string {
  const m = /^(?:AVD-)?DS-?0*(\d+)$/i.exec(id);
  if (m) return `trivy:DS-${m[1].padStart(4, '0')}`;
  const k = /^(?:AVD-)?KSV-?0*(\d+)$/i.exec(id);
  if (k) return `trivy:KSV-${k[1].padStart(4, '0')}`;
  return `trivy:${id}`;
}

export function dockerfileSuppressions(model: DockerfileModel): Suppression[] {
  const suppressions: Suppression[] = [];
  const instructions = model.instructions;
  /** The instruction that a comment on `line` applies to: the next one below it. */
  const nextInstructionSpan = (line: number): { first: number; last: number } | undefined => {
    for (const instruction of instructions) {
      const first = model.lines.positionAt(instruction.start).line;
      if (first > line) return { first, last: model.lines.positionAt(Math.max(instruction.start, instruction.end - 1)).line };
    }
    return undefined;
  };
  const stageSpan = (line: number): { first: number; last: number } | undefined => {
    const stage = model.stages.find((s) => {
      const first = model.lines.positionAt(s.from.start).line;
      const lastInstruction = s.instructions.at(-1)!;
      const last = model.lines.positionAt(lastInstruction.end).line;
      return line >= first - 1 && line <= last;
    });
    if (!stage) return undefined;
    return { first: model.lines.positionAt(stage.from.start).line, last: model.lines.positionAt(stage.instructions.at(-1)!.end).line };
  };
  const firstInstructionLine = instructions.length > 0 ? model.lines.positionAt(instructions[0].start).line : Number.MAX_SAFE_INTEGER;

  const commentLines: { line: number; content: string }[] = model.comments.map((c) => ({ line: c.line, content: c.content }));
  // Parser directives (`# check=skip=…` at the very top) are not comments for dockerfile-ast.
  for (const d of model.directives) commentLines.push({ line: d.line, content: model.lines.lineText(d.line).replace(/^\s*#\s*/, '').trim() });

  for (const { line, content } of commentLines) {
    let m = DRYDOCK_IGNORE.exec(content);
    if (m) {
      const ids = m[2].split(',').map((s) => s.trim()).filter(Boolean);
      suppressions.push({ matchers: ids, lines: m[1] ? undefined : nextInstructionSpan(line), reason: m[3]?.trim(), line, source: 'drydock' });
      continue;
    }
    m = HADOLINT_IGNORE.exec(content);
    if (m) {
      const rawIds = m[2].split(',').map((s) => s.trim()).filter(Boolean);
      // hadolint drops the whole pragma when one name is not a rule code; users rely on that parity.
      if (rawIds.some((id) => !/^(DL|SC)\d{4}$/.test(id))) continue;
      const ids = rawIds.map((id) => `hadolint:${id}`);
      const scope = m[1]?.trim();
      const lines = scope === 'global' ? undefined : scope === 'stage' ? stageSpan(line) : nextInstructionSpan(line);
      if (scope === 'stage' && !lines) continue;
      suppressions.push({ matchers: ids, lines, line, source: 'hadolint' });
      continue;
    }
    m = BUILDKIT_CHECK.exec(content);
    if (m) {
      for (const part of m[1].split(';')) {
        const [key, value] = part.split('=').map((s) => s.trim());
        if (key !== 'skip' || !value) continue;
        const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
        const matchers = ids.map((id) => (id.toLowerCase() === 'all' ? 'buildkit:*' : `buildkit:${id}`));
        // Above the first instruction it is file-wide; elsewhere it covers the next instruction.
        suppressions.push({ matchers, lines: line < firstInstructionLine ? undefined : nextInstructionSpan(line), line, source: 'buildkit' });
      }
      continue;
    }
    m = TRIVY_IGNORE.exec(content);
    if (m) {
      suppressions.push({ matchers: [normaliseTrivyId(m[1])], lines: nextInstructionSpan(line), line, source: 'trivy' });
      continue;
    }
    m = CHECKOV_SKIP.exec(content);
    if (m) {
      // Checkov applies a skip to the whole file, wherever the comment stands.
      suppressions.push({ matchers: [`checkov:${m[1]}`], reason: m[2], line, source: 'checkov' });
      continue;
    }
    m = KICS_DISABLE.exec(content);
    if (m) {
      suppressions.push({ matchers: m[1].split(',').map((id) => `kics:${id}`), line, source: 'kics' });
    }
  }
  return suppressions;
}

export function isSuppressed(suppressions: Suppression[], rule: string, equivalents: readonly string[], line: number): boolean {
  for (const s of suppressions) {
    if (s.lines && (line < s.lines.first || line > s.lines.last)) continue;
    for (const matcher of s.matchers) {
      if (matcher === '*' || matcher === 'all' || matcher === rule) return true;
      if (matcher.endsWith(':*') && equivalents.some((e) => e.startsWith(matcher.slice(0, -1)))) return true;
      if (equivalents.includes(matcher)) return true;
      if (s.source === 'drydock' && !matcher.includes('/') && rule.endsWith(`/${matcher}`)) return true;
    }
  }
  return false;
}
