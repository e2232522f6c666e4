/**
 * Inline suppressions: our own `# drydock-ignore` comments and the peers' pragmas, matched
 * through each rule's equivalents so that users migrating from hadolint, Trivy, Checkov or
 * BuildKit keep their existing ignores.
 */
import type { DockerfileModel } from './documents/dockerfile';
import { isMap, isPair, isSeq } from 'yaml';
import type { YamlFile, YamlNode } from './documents/yaml';
import type { KubernetesModel } from './documents/kubernetes';

export interface Suppression {
  /** Rule ids (`dockerfile/latest-tag`), peer ids (`hadolint:DL3008`) or `*`. */
  matchers: string[];
  /** Inclusive zero-based line span it covers; undefined = whole file. */
  lines?: { first: number; last: number };
  reason?: string;
  /** Line of the comment, for "unused suppression" reporting. */
  line: number;
  source: 'drydock' | 'hadolint' | 'buildkit' | 'trivy' | 'checkov' | 'kics' | 'kube-linter' | 'polaris' | 'kube-score';
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

// ---------------------------------------------------------------------------------------------
// YAML (Kubernetes manifests and compose files)

const KICS_IGNORE_LINE = /^kics-scan\s+ignore-line\b/;
const KICS_IGNORE_BLOCK = /^kics-scan\s+ignore-block\b/;

/**
 * For each line where a YAML node starts (a key, or a sequence item), the last line of the
 * outermost node starting there: a comment above `securityContext:` covers the whole mapping,
 * one above `- name: app` the whole container.
 */
function nodeEndLines(file: YamlFile): Map<number, number> {
  const ends = new Map<number, number>();
  const note = (start: number, end: number) => {
    const first = file.lines.positionAt(start).line;
    const last = file.lines.positionAt(Math.max(start, end - 1)).line;
    if ((ends.get(first) ?? -1) < last) ends.set(first, last);
  };
  const visit = (node: unknown, depth: number): void => {
    if (!node || depth > 100) return;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          const key = item.key as YamlNode | null;
          const value = item.value as YamlNode | null;
          if (key?.range) note(key.range[0], value?.range ? Math.max(value.range[1], key.range[1]) : key.range[1]);
          visit(value, depth + 1);
        } else {
          const child = item as YamlNode;
          if (child?.range) note(child.range[0], child.range[1]);
          visit(child, depth + 1);
        }
      }
    }
  };
  for (const document of file.documents) visit(document.contents, 0);
  return ends;
}

/** `# drydock-ignore`, `# drydock-ignore-file`, `# trivy:ignore:`, `#checkov:skip=`, `# kics-scan …` comments in YAML. */
export function yamlCommentSuppressions(file: YamlFile): Suppression[] {
  if (file.comments.length === 0) return [];
  const suppressions: Suppression[] = [];
  let ends: Map<number, number> | undefined;
  /** The node a comment applies to: its own line when trailing, else the next content line. */
  const spanFor = (line: number, trailing: boolean): { first: number; last: number } | undefined => {
    ends ??= nodeEndLines(file);
    let target = line;
    if (!trailing) {
      target = line + 1;
      while (target < file.lines.lineCount) {
        const content = file.lines.lineText(target).trim();
        if (content !== '' && !content.startsWith('#')) break;
        target++;
      }
      if (target >= file.lines.lineCount) return undefined;
    }
    return { first: target, last: Math.max(target, ends.get(target) ?? target) };
  };
  for (const comment of file.comments) {
    const { content, line, trailing } = comment;
    let m = DRYDOCK_IGNORE.exec(content);
    if (m) {
      const ids = m[2].split(',').map((id) => id.trim()).filter(Boolean);
      const lines = m[1] ? undefined : spanFor(line, trailing);
      if (!m[1] && !lines) continue;
      suppressions.push({ matchers: ids, lines, reason: m[3]?.trim(), line, source: 'drydock' });
      continue;
    }
    m = TRIVY_IGNORE.exec(content);
    if (m) {
      const lines = spanFor(line, trailing);
      if (lines) suppressions.push({ matchers: [normaliseTrivyId(m[1])], lines, line, source: 'trivy' });
      continue;
    }
    m = CHECKOV_SKIP.exec(content);
    if (m) {
      suppressions.push({ matchers: [`checkov:${m[1]}`], reason: m[2], line, source: 'checkov' });
      continue;
    }
    if (KICS_IGNORE_LINE.test(content) || KICS_IGNORE_BLOCK.test(content)) {
      const block = spanFor(line, trailing);
      if (!block) continue;
      const lines = KICS_IGNORE_LINE.test(content) ? { first: block.first, last: block.first } : block;
      suppressions.push({ matchers: ['kics:*'], lines, line, source: 'kics' });
      continue;
    }
    m = KICS_DISABLE.exec(content);
    if (m) suppressions.push({ matchers: m[1].split(',').map((id) => `kics:${id}`), line, source: 'kics' });
  }
  return suppressions;
}

/** Annotation prefix of our own per-object suppression: `drydock.dev/ignore: "rule[:container], …"`. */
export const DRYDOCK_IGNORE_ANNOTATION = 'drydock.dev/ignore';

/**
 * Suppressions written as annotations on an object or on its pod template (both are honoured:
 * users of every peer put them in either place): ours, kube-linter's, Polaris's, kube-score's and
 * Checkov's. `drydock.dev/ignore: "kubernetes/run-as-root:init-db"` covers one container only.
 */
export function kubernetesAnnotationSuppressions(model: KubernetesModel): Suppression[] {
  const suppressions: Suppression[] = [];
  const lines = model.file.lines;
  const spanOf = (node: { range?: [number, number, number] | null }) => {
    const range = node.range ?? [0, 0, 0];
    return { first: lines.positionAt(range[0]).line, last: lines.positionAt(Math.max(range[0], range[1] - 1)).line };
  };
  for (const object of model.objects) {
    const objectLines = spanOf(object.node);
    const line = objectLines.first;
    const sources = [object.annotations, object.podSpec && object.podSpec.podAnnotations !== object.annotations ? object.podSpec.podAnnotations : undefined];
    for (const annotations of sources) {
      if (!annotations) continue;
      for (const [key, value] of annotations) {
        if (key === DRYDOCK_IGNORE_ANNOTATION) {
          for (const entry of value.split(',').map((v) => v.trim()).filter(Boolean)) {
            const [rule, container] = entry.split(':');
            const target = container !== undefined ? object.podSpec?.containers.filter((c) => c.name === container) ?? [] : undefined;
            if (!target) suppressions.push({ matchers: [rule], lines: objectLines, line, source: 'drydock' });
            else for (const c of target) suppressions.push({ matchers: [rule], lines: spanOf(c.node), line, source: 'drydock' });
          }
        } else if (key.startsWith('ignore-check.kube-linter.io/')) {
          suppressions.push({ matchers: [`kube-linter:${key.slice('ignore-check.kube-linter.io/'.length)}`], lines: objectLines, reason: value, line, source: 'kube-linter' });
        } else if (key === 'kube-linter.io/ignore-all') {
          suppressions.push({ matchers: ['kube-linter:*'], lines: objectLines, reason: value, line, source: 'kube-linter' });
        } else if (key.startsWith('polaris.fairwinds.com/') && key.endsWith('exempt') && value.toLowerCase() === 'true') {
          const check = key.slice('polaris.fairwinds.com/'.length, -'exempt'.length).replace(/-$/, '');
          suppressions.push({ matchers: [check ? `polaris:${check}` : 'polaris:*'], lines: objectLines, line, source: 'polaris' });
        } else if (key === 'kube-score/ignore') {
          const ids = value.split(',').map((v) => v.trim()).filter(Boolean);
          suppressions.push({ matchers: ids.map((id) => `kube-score:${id}`), lines: objectLines, line, source: 'kube-score' });
        } else if (/^checkov\.io\/skip\d*$/.test(key)) {
          const m = /^\s*(CKV2?_[A-Z0-9_]+)\s*(?:=(.*))?$/.exec(value);
          if (m) suppressions.push({ matchers: [`checkov:${m[1]}`], lines: objectLines, reason: m[2], line, source: 'checkov' });
        }
      }
    }
  }
  return suppressions;
}
