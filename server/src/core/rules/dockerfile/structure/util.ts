/**
 * Small helpers shared by the structure rules (paths, operands, variable references).
 * Kept here rather than in ../helpers.ts because only this folder needs them.
 */
import type { DockerfileModel, DockerInstruction, DockerStage, Span } from '../../../documents/dockerfile';
import { memoize } from '../../../memo';

/** `"x"` or `'x'` → `x`. */
export function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) return value.slice(1, -1);
  return value;
}

/** Absolute for Linux or Windows, or not judgeable because it starts with a variable. */
export function isAbsoluteOrDynamic(rawPath: string): boolean {
  const path = unquote(rawPath.trim());
  return /^(\/|\\|\$|[A-Za-z]:([\\/]|$)|[A-Za-z]:\$)/.test(path);
}

export interface Operand extends Span {
  /** Value with quotes removed. */
  value: string;
  /** Source text. */
  raw: string;
}

/** Arguments of the instruction line(s), without the bodies and delimiters of its heredocs. */
export function argsBeforeHeredocs(instruction: DockerInstruction): DockerInstruction['args'] {
  const firstBody = instruction.heredocs.length > 0 ? Math.min(...instruction.heredocs.map((h) => h.contentStart)) : Infinity;
  return instruction.args.filter((a) => a.start < firstBody);
}

/** Sources and destination of COPY/ADD, shell or JSON form (heredoc sources are left out). */
export function copyOperands(model: DockerfileModel, instruction: DockerInstruction): { sources: Operand[]; destination?: Operand } {
  // Several rules ask for the same COPY; the answer is read-only.
  return memoize(instruction, 'copyOperands', () => computeCopyOperands(model, instruction));
}

function computeCopyOperands(model: DockerfileModel, instruction: DockerInstruction): { sources: Operand[]; destination?: Operand } {
  const lastFlag = instruction.flags.at(-1);
  const bodyStart = lastFlag ? lastFlag.end : instruction.argsStart;
  const body = model.text.slice(bodyStart, instruction.end);
  const trimmed = body.trimStart();
  if (trimmed.startsWith('[') && instruction.jsonSpans && instruction.jsonSpans.length > 0) {
    try {
      const parsed: unknown = JSON.parse(trimmed.replace(/\\\r?\n/g, '').trimEnd());
      if (Array.isArray(parsed) && parsed.length === instruction.jsonSpans.length) {
        const operands = instruction.jsonSpans.map((span, i) => ({ ...span, value: String(parsed[i]), raw: model.text.slice(span.start, span.end) }));
        return { sources: operands.slice(0, -1), destination: operands.at(-1) };
      }
    } catch {
      // not JSON after all: shell form below
    }
  }
  const lineArgs = argsBeforeHeredocs(instruction);
  const operands = lineArgs
    .filter((a) => a.start >= bodyStart && !a.value.startsWith('<<'))
    .map((a) => ({ start: a.start, end: a.end, raw: model.text.slice(a.start, a.end), value: unquote(a.value) }));
  const heredocSources = lineArgs.filter((a) => a.start >= bodyStart && a.value.startsWith('<<')).length;
  const destination = operands.at(-1);
  const sources = operands.slice(0, -1);
  // Heredoc sources count as sources but have no path to report.
  for (let i = 0; i < heredocSources; i++) sources.push({ start: instruction.start, end: instruction.start, raw: '', value: '<<heredoc' });
  return { sources, destination };
}

/** Stages defined before `stage` (by name, lower-cased). */
export function stageByReference(model: DockerfileModel, reference: string, before?: DockerStage): DockerStage | undefined {
  const limit = before ? before.index : model.stages.length;
  if (/^\d+$/.test(reference)) {
    const index = Number(reference);
    return index < limit ? model.stages[index] : undefined;
  }
  const lower = reference.toLowerCase();
  return model.stages.slice(0, limit).find((s) => s.name?.toLowerCase() === lower);
}

/** The `--from` flag of a COPY (not of ADD or RUN). */
export function fromFlag(instruction: DockerInstruction) {
  return instruction.flags.find((f) => f.name.toLowerCase() === 'from');
}

/** Stages named as base (`FROM stage`) or source (`COPY --from`, `RUN --mount=from=`) by another stage. */
export function referencedStages(model: DockerfileModel): Set<DockerStage> {
  const used = new Set<DockerStage>();
  for (const stage of model.stages) {
    if (stage.parent) used.add(stage.parent);
    for (const instruction of stage.instructions) {
      for (const flag of instruction.flags) {
        let reference: string | undefined;
        if (flag.name.toLowerCase() === 'from' && flag.value) reference = flag.value;
        else if (flag.name.toLowerCase() === 'mount' && flag.value) reference = /(?:^|,)from=([^,]+)/.exec(flag.value)?.[1];
        if (!reference) continue;
        const source = stageByReference(model, reference, stage);
        if (source) used.add(source);
      }
    }
  }
  return used;
}

export interface VariableReference extends Span {
  name: string;
  /** `${X:-y}`, `${X+y}`…: the reference has a fallback or alternative. */
  modifier?: string;
}

/**
 * `$X` and `${X…}` references the way the Dockerfile (not the shell) expands them: escaped `\$`
 * and single-quoted text are skipped.
 */
export function variableReferences(text: string, offset: number, escapeChar = '\\'): VariableReference[] {
  const refs: VariableReference[] = [];
  if (!text.includes('$')) return refs;
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escapeChar && !inSingle) {
      i++;
      continue;
    }
    if (c === "'" && !inDouble) inSingle = !inSingle;
    else if (c === '"' && !inSingle) inDouble = !inDouble;
    if (c !== '$' || inSingle) continue;
    const rest = text.slice(i + 1);
    const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?\}/.exec(rest);
    if (braced) {
      refs.push({ name: braced[1], modifier: braced[2], start: offset + i, end: offset + i + 1 + braced[0].length });
      i += braced[0].length;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (bare) {
      refs.push({ name: bare[0], start: offset + i, end: offset + i + 1 + bare[0].length });
      i += bare[0].length;
    }
  }
  return refs;
}

/** Build args Docker defines without an ARG line. */
export const PREDEFINED_ARGS = new Set([
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'TARGETSTAGE',
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
  'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY',
  'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy',
  'BUILDKIT_CONTEXT_KEEP_GIT_DIR', 'BUILDKIT_INLINE_CACHE', 'BUILDKIT_MULTI_PLATFORM', 'BUILDKIT_SANDBOX_HOSTNAME',
  'BUILDKIT_SYNTAX', 'BUILDKIT_CACHE_MOUNT_NS', 'BUILDKIT_DOCKERFILE_CHECK', 'SOURCE_DATE_EPOCH',
]);

/** Edit distance counting an adjacent transposition (`PAHT`/`PATH`) as one edit. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest of `candidates` to `name` when it is a plausible typo (case or ≤2 edits). */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const longest = Math.max(name.length, candidate.length);
    const limit = longest >= 9 ? 2 : longest >= 4 ? 1 : 0.5;
    // The distance is at least the length difference: most candidates are ruled out without the table.
    if (Math.abs(name.length - candidate.length) > limit) continue;
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, candidate);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `a b c` → `["a", "b", "c"]` when the shell form is plain words the shell would not transform. */
export function simpleShellToJson(command: string): string | undefined {
  const trimmed = command.trim();
  if (!trimmed || /[\n\r$`"'\\|&;<>()*?[\]{}~#!]/.test(trimmed)) return undefined;
  const words = trimmed.split(/\s+/);
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/** Stages `stage` builds on, itself first. */
export function stageChain(stage: DockerStage | undefined): DockerStage[] {
  const chain: DockerStage[] = [];
  for (let s = stage; s && !chain.includes(s); s = s.parent) chain.push(s);
  return chain;
}

/** Instructions of `stage` and the stages it builds on, in build order (ONBUILD triggers left out). */
export function inheritedInstructions(stage: DockerStage): DockerInstruction[] {
  return stageChain(stage)
    .reverse()
    .flatMap((s) => s.instructions);
}
