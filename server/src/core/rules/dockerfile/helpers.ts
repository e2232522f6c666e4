/**
 * Queries that many Dockerfile rules share, so that each rule module holds only its own logic.
 */
import type { DockerfileModel, DockerInstruction, DockerStage, Span } from '../../documents/dockerfile';
import { effectiveCommand, type EffectiveCommand, type ShellCommand } from '../../documents/shell';
import { memoize } from '../../memo';
import type { OffsetEdit } from '../../rule';

/** Re-exported so rules import their shared queries from one place. */
export { variablesInScope } from '../../documents/dockerfile';

export interface RunCommand {
  instruction: DockerInstruction;
  command: ShellCommand;
  effective: EffectiveCommand;
}

/** Every shell command of every shell-form RUN, ONBUILD RUN included, in file order. */
export function runCommands(model: DockerfileModel): readonly RunCommand[] {
  return memoize(model, 'runCommands', () => {
    const all: RunCommand[] = [];
    for (const instruction of model.instructionsWithTriggers) {
      if (instruction.keyword !== 'RUN' || !instruction.shell) continue;
      for (const command of instruction.shell.commands) all.push({ instruction, command, effective: effectiveCommand(command) });
    }
    return all;
  });
}

/** Commands of one RUN instruction. */
export function commandsOf(instruction: DockerInstruction): RunCommand[] {
  if (!instruction.shell) return [];
  return instruction.shell.commands.map((command) => ({ instruction, command, effective: effectiveCommand(command) }));
}

/** Instructions with `keyword`, ONBUILD triggers included when `withTriggers`. */
export function instructionsNamed(model: DockerfileModel, keyword: string, withTriggers = true): DockerInstruction[] {
  const source = withTriggers ? model.instructionsWithTriggers : model.instructions;
  return source.filter((i) => i.keyword === keyword);
}

/**
 * Instructions whose keyword is one of `keywords`, in file order, ONBUILD triggers included when
 * `withTriggers`. Computed once per model and keyword set: most rules look at one or two keywords,
 * and walking every instruction of a long file in each of them added up. Read-only.
 */
export function instructionsWith(model: DockerfileModel, keywords: readonly string[], withTriggers = true): readonly DockerInstruction[] {
  const source = withTriggers ? model.instructionsWithTriggers : model.instructions;
  return memoize(source, `keywords:${keywords.join(',')}`, () => source.filter((i) => keywords.includes(i.keyword)));
}

/** The span of the instruction's first line (keyword to end of line), a readable squiggle for whole-instruction findings. */
export function firstLineSpan(model: DockerfileModel, instruction: DockerInstruction): Span {
  const line = model.lines.positionAt(instruction.start).line;
  const end = Math.min(model.lines.lineEnd(line), instruction.end);
  return { start: instruction.start, end: Math.max(end, instruction.keywordEnd) };
}

/** The keyword only, for findings about the instruction as a whole. */
export function keywordSpan(instruction: DockerInstruction): Span {
  return { start: instruction.keywordStart, end: instruction.keywordEnd };
}

/** ENV and ARG key/value pairs with spans, ONBUILD triggers included. */
export interface Assignment {
  instruction: DockerInstruction;
  name: string;
  value: string | null;
  nameSpan: Span;
  valueSpan?: Span;
  span: Span;
}

export function assignments(model: DockerfileModel, keywords: readonly string[] = ['ENV', 'ARG']): Assignment[] {
  return memoize(model, `assignments:${keywords.join(',')}`, () => {
    const out: Assignment[] = [];
    for (const instruction of model.instructionsWithTriggers) {
      if (keywords.includes(instruction.keyword)) for (const a of assignmentsOf(model, instruction)) out.push(a);
    }
    return out;
  });
}

/** Key/value pairs of one ENV/ARG/LABEL, computed once: several keyword sets share the same instructions. */
function assignmentsOf(model: DockerfileModel, instruction: DockerInstruction): readonly Assignment[] {
  return memoize(instruction, 'assignments', () => {
    const out: Assignment[] = [];
    const props = (instruction.ast as unknown as { getProperties?: () => import('dockerfile-ast').Property[] }).getProperties;
    if (typeof props !== 'function') return out;
    const toSpan = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => ({
      start: model.lines.offsetAt(r.start),
      end: model.lines.offsetAt(r.end),
    });
    for (const p of props.call(instruction.ast)) {
      const valueRange = p.getValueRange();
      const span = toSpan(p.getRange());
      // dockerfile-ast can add a bogus property overlapping the real ones (`ENV A=1 B=2 \   C=3`: a backslash
      // followed by blanks); keeping it gave fixes inverted ranges (found by fuzzing). Properties come in order.
      const previous = out[out.length - 1];
      if (span.end < span.start || (previous && span.start < previous.span.end)) continue;
      out.push({
        instruction,
        name: p.getName(),
        value: p.getValue(),
        nameSpan: toSpan(p.getNameRange()),
        valueSpan: valueRange ? toSpan(valueRange) : undefined,
        span,
      });
    }
    return out;
  });
}

/** Edit that deletes the whole lines of an instruction, its line break included. */
export function deleteInstructionEdit(model: DockerfileModel, instruction: DockerInstruction): OffsetEdit {
  const firstLine = model.lines.positionAt(instruction.start).line;
  const lastLine = model.lines.positionAt(Math.max(instruction.start, instruction.end - 1)).line;
  const start = model.lines.lineStart(firstLine);
  const end = lastLine + 1 < model.lines.lineCount ? model.lines.lineStart(lastLine + 1) : model.text.length;
  return { start, end, newText: '' };
}

/** Stages that end up in the final image: the final stage and the stages it builds on. */
export function finalStageChain(model: DockerfileModel): DockerStage[] {
  const chain: DockerStage[] = [];
  for (let s = model.finalStage; s; s = s.parent) chain.push(s);
  return chain;
}

/** Text of the source between two offsets. */
export function textOf(model: DockerfileModel, span: Span): string {
  return model.text.slice(span.start, span.end);
}

/** The characters `\s` matches (and `trim()` removes), for scans that read a line in place. */
export function isWhitespace(code: number): boolean {
  return (
    code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}
