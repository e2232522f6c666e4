/**
 * The Dockerfile model every Dockerfile rule reads: instructions with offsets, stages with their
 * inheritance, ARG/ENV scopes, heredocs and the parsed shell of each RUN. Built once per analysis
 * on top of dockerfile-ast; rules never re-parse.
 */
import { DockerfileParser, type Instruction, type Dockerfile as AstDockerfile, type Heredoc } from 'dockerfile-ast';
import { LineIndex } from '../text';
import { runToEnd } from '../steps';
import type { ShellParser, ShellScript } from './shell';
import { installAstMemo } from './astMemo';
import { memoize } from '../memo';

installAstMemo();

export interface Span {
  start: number;
  end: number;
}

export interface DockerArgument extends Span {
  value: string;
}

export interface DockerFlag extends Span {
  name: string;
  value: string | null;
  valueStart?: number;
  valueEnd?: number;
}

export interface HeredocModel {
  name: string;
  /** Content between the marker line and the closing delimiter; empty when unterminated. */
  content: string;
  contentStart: number;
  contentEnd: number;
  terminated: boolean;
}

export interface DockerInstruction extends Span {
  /** Upper-cased keyword, `RUN`. */
  keyword: string;
  /** Keyword as written, `run`. */
  rawKeyword: string;
  keywordStart: number;
  keywordEnd: number;
  /** Raw text after the keyword (flags included), as in the file. */
  argsText: string;
  argsStart: number;
  args: DockerArgument[];
  flags: DockerFlag[];
  /** For RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK CMD: exec (JSON) or shell form. */
  form?: 'exec' | 'shell';
  /** Exec-form array values; spans cover the string content inside the quotes. */
  execArgs?: DockerArgument[];
  heredocs: HeredocModel[];
  /** Spans of the JSON strings dockerfile-ast found, used to place exec-form arguments. */
  jsonSpans?: Span[];
  /** Parsed shell of a shell-form RUN (or HEALTHCHECK/CMD/ENTRYPOINT shell form). */
  shell?: ShellScript;
  /** Source span of the text handed to the shell parser. */
  shellSpan?: Span;
  /** The shell came from an exec-form `["sh", "-c", "…"]`: the stage's SHELL does not apply to it. */
  shellFromExecForm?: boolean;
  stage?: DockerStage;
  /** Index among all instructions of the file. */
  index: number;
  /** Zero-based line of the keyword. */
  line: number;
  /** Set on the instruction carried by an ONBUILD trigger. */
  onbuild?: DockerInstruction;
  /** For ONBUILD: the triggered instruction. */
  trigger?: DockerInstruction;
  ast: Instruction;
}

export interface DockerStage {
  index: number;
  /** Stage name as written after AS. */
  name?: string;
  nameSpan?: Span;
  from: DockerInstruction;
  /** Image as written (`${BASE}:1.2`). */
  image: string;
  imageSpan?: Span;
  /** Image with global ARG defaults substituted. */
  resolvedImage: string;
  /** Stage this one builds on (`FROM builder`), if any. */
  parent?: DockerStage;
  platform?: DockerFlag;
  instructions: DockerInstruction[];
  isFinal: boolean;
}

export interface DockerComment extends Span {
  /** Text after the `#`, trimmed. */
  content: string;
  line: number;
}

export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  escapeChar: string;
  instructions: DockerInstruction[];
  /** Instructions including ONBUILD triggers, in file order (rules that apply inside ONBUILD use this). */
  instructionsWithTriggers: DockerInstruction[];
  stages: DockerStage[];
  /** ARGs before the first FROM. */
  globalArgs: Map<string, string | undefined>;
  comments: DockerComment[];
  directives: { name: string; value: string; line: number; span: Span }[];
  finalStage?: DockerStage;
  ast: AstDockerfile;
  /** RUNs whose script the shell parser was not given or could not read: no `shell`, so shell rules skip them. */
  unparsedShells: UnparsedShell[];
}

export interface UnparsedShell {
  instruction: DockerInstruction;
  /** Why, for the notice the engine shows: `its script has 70,000 characters, above the 65,536 read`. */
  reason: string;
}

/**
 * Longest RUN script handed to the shell parser, in characters. tree-sitter plus the command model cost roughly
 * 1–2 ms per KB in one step that nothing can interrupt (a hover waits behind it); real scripts, heredoc bodies
 * included, stay far below this. Longer ones are reported and left to the rules that read the instruction's text.
 */
export const MAX_SHELL_SCRIPT_CHARS = 64 * 1024;

const NON_POSIX_SHELLS = /(^|[\\/])(pwsh|powershell|cmd)(\.exe)?$/i;

/**
 * Where each instruction starts and ends, and the escape character, from dockerfile-ast's parse alone: what placing an
 * "ignore" comment needs, without building the model (its arguments, stages and shell scripts).
 */
export function instructionSpans(text: string): { escapeChar: string; spans: { start: number; end: number }[] } {
  const lines = new LineIndex(text);
  const ast = DockerfileParser.parse(text);
  const spans = ast.getInstructions().map((instruction) => {
    const range = instruction.getRange();
    return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
  });
  return { escapeChar: ast.getEscapeCharacter(), spans };
}

export function parseDockerfile(text: string, shellParser?: ShellParser): DockerfileModel {
  return runToEnd(dockerfileSteps(text, shellParser));
}

/** Instructions modelled per step (about 0.1 ms of a keystroke's analysis on a quiet core). */
const MODEL_STEP_INSTRUCTIONS = 64;

/**
 * `parseDockerfile` one step at a time: it yields after dockerfile-ast's parse, every MODEL_STEP_INSTRUCTIONS
 * instructions of our model of it, and between the shell parses of its RUNs, so the language server can serve a hover between the RUNs of a large file whose scripts
 * are not in the shell parser's cache. Run to the end it is `parseDockerfile`.
 */
export function* dockerfileSteps(text: string, shellParser?: ShellParser): Generator<void, DockerfileModel, void> {
  const lines = new LineIndex(text);
  const ast = DockerfileParser.parse(text);
  yield;
  const offsetOf = (p: { line: number; character: number }) => lines.offsetAt(p);
  const spanOf = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): Span => ({
    start: offsetOf(r.start),
    end: offsetOf(r.end),
  });

  const escapeChar = ast.getEscapeCharacter();
  const directives = ast.getDirectives().map((d) => ({
    name: d.getName().toLowerCase(),
    value: d.getValue(),
    line: d.getRange().start.line,
    span: spanOf(d.getRange()),
  }));
  const comments: DockerComment[] = ast.getComments().map((c) => ({
    start: offsetOf(c.getRange().start),
    end: offsetOf(c.getRange().end),
    content: c.getContent().trim(),
    line: c.getRange().start.line,
  }));

  const toModel = (instruction: Instruction, index: number): DockerInstruction => {
    const range = spanOf(instruction.getRange());
    const keywordRange = spanOf(instruction.getInstructionRange());
    // Each dockerfile-ast accessor re-tokenises the arguments, so ask only what this text can have.
    const rawArgs = text.slice(keywordRange.end, range.end);
    const flags: DockerFlag[] = [];
    const maybeFlags = (instruction as unknown as { getFlags?: () => import('dockerfile-ast').Flag[] }).getFlags;
    if (typeof maybeFlags === 'function' && rawArgs.includes('--')) {
      for (const flag of maybeFlags.call(instruction)) {
        const valueRange = flag.getValueRange();
        const flagSpan = spanOf(flag.getRange());
        flags.push({
          start: flagSpan.start,
          end: flagSpan.end,
          name: flag.getName(),
          value: flag.getValue(),
          valueStart: valueRange ? offsetOf(valueRange.start) : undefined,
          valueEnd: valueRange ? offsetOf(valueRange.end) : undefined,
        });
      }
    }
    const args = instruction.getArguments().map((a) => {
      const span = spanOf(a.getRange());
      return { start: span.start, end: span.end, value: a.getValue() };
    });
    const argsStart = args.length > 0 ? args[0].start : keywordRange.end;
    const heredocs: HeredocModel[] = [];
    const maybeHeredocs = (instruction as unknown as { getHeredocs?: () => Heredoc[] }).getHeredocs;
    if (typeof maybeHeredocs === 'function' && rawArgs.includes('<<')) {
      for (const h of maybeHeredocs.call(instruction)) {
        const content = h.getContentRange();
        const contentSpan = content ? spanOf(content) : { start: range.end, end: range.end };
        heredocs.push({
          name: h.getName(),
          content: text.slice(contentSpan.start, contentSpan.end),
          contentStart: contentSpan.start,
          contentEnd: contentSpan.end,
          terminated: h.getDelimiterRange() !== null,
        });
      }
    }
    const maybeJson = (instruction as unknown as { getJSONStrings?: () => import('dockerfile-ast').JSONArgument[] }).getJSONStrings;
    const jsonSpans = typeof maybeJson === 'function' && rawArgs.includes('[') ? maybeJson.call(instruction).map((j) => spanOf(j.getJSONRange())) : undefined;
    // Every field is written here, in one order, so all instruction objects share one hidden
    // class: spreading `...range` or adding fields later sent V8 to slow dictionary objects.
    const model: DockerInstruction = {
      start: range.start,
      end: range.end,
      keyword: instruction.getKeyword().toUpperCase(),
      rawKeyword: instruction.getInstruction(),
      keywordStart: keywordRange.start,
      keywordEnd: keywordRange.end,
      argsText: text.slice(argsStart, range.end),
      argsStart,
      args,
      flags,
      form: undefined,
      execArgs: undefined,
      heredocs,
      jsonSpans,
      shell: undefined,
      shellSpan: undefined,
      shellFromExecForm: undefined,
      stage: undefined,
      index,
      line: lines.positionAt(keywordRange.start).line,
      onbuild: undefined,
      trigger: undefined,
      ast: instruction,
    };
    return model;
  };

  const instructions: DockerInstruction[] = [];
  for (const instruction of ast.getInstructions()) {
    instructions.push(toModel(instruction, instructions.length));
    if (instructions.length % MODEL_STEP_INSTRUCTIONS === 0) yield;
  }
  const instructionsWithTriggers: DockerInstruction[] = [];
  for (const instruction of instructions) {
    instructionsWithTriggers.push(instruction);
    if (instruction.keyword === 'ONBUILD') {
      const trigger = (instruction.ast as import('dockerfile-ast').Onbuild).getTriggerInstruction?.();
      if (trigger) {
        const model = toModel(trigger, instruction.index);
        model.onbuild = instruction;
        instruction.trigger = model;
        instructionsWithTriggers.push(model);
      }
    }
  }

  // Stages and scopes.
  const stages: DockerStage[] = [];
  const globalArgs = new Map<string, string | undefined>();
  let current: DockerStage | undefined;
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const from = instruction.ast as import('dockerfile-ast').From;
      const imageRange = from.getImageRange();
      const nameRange = from.getBuildStageRange();
      const image = from.getImage() ?? '';
      const name = from.getBuildStage() ?? undefined;
      const byName = new Map(stages.filter((s) => s.name).map((s) => [s.name!.toLowerCase(), s]));
      const resolvedImage = substituteVariables(image, globalArgs);
      current = {
        index: stages.length,
        name,
        nameSpan: nameRange ? spanOf(nameRange) : undefined,
        from: instruction,
        image,
        imageSpan: imageRange ? spanOf(imageRange) : undefined,
        resolvedImage,
        parent: byName.get(resolvedImage.toLowerCase()),
        platform: instruction.flags.find((f) => f.name.toLowerCase() === 'platform'),
        instructions: [instruction],
        isFinal: false,
      };
      stages.push(current);
      instruction.stage = current;
    } else if (current) {
      current.instructions.push(instruction);
      instruction.stage = current;
      if (instruction.trigger) instruction.trigger.stage = current;
    } else if (instruction.keyword === 'ARG') {
      for (const property of (instruction.ast as import('dockerfile-ast').Arg).getProperties()) {
        globalArgs.set(property.getName(), property.getValue() ?? undefined);
      }
    }
  }
  const finalStage = stages.at(-1);
  if (finalStage) finalStage.isFinal = true;

  // Shell forms and parsing.
  const shellByStage = new Map<DockerStage | undefined, string>();
  const unparsedShells: UnparsedShell[] = [];
  for (const instruction of instructionsWithTriggers) {
    if (instruction.keyword === 'SHELL') {
      const json = jsonStrings(instruction);
      if (json && json.length > 0) shellByStage.set(instruction.stage, json[0].value);
    }
    classifyForm(instruction);
    if (instruction.keyword !== 'RUN' || !shellParser) continue;
    let script: { start: number; script: string } | undefined;
    if (instruction.form === 'shell') {
      if (!NON_POSIX_SHELLS.test(shellFor(instruction.stage, shellByStage))) script = shellViewOfRun(text, instruction, escapeChar);
    } else if (instruction.form === 'exec') {
      script = execFormShellScript(text, instruction);
    }
    if (!script) continue;
    yield;
    const reason = parseShellOf(instruction, script, shellParser);
    if (reason) unparsedShells.push({ instruction, reason });
  }

  return { text, lines, escapeChar, instructions, instructionsWithTriggers, stages, globalArgs, comments, directives, finalStage, ast, unparsedShells };
}

/** Sets the RUN's `shell` and `shellSpan`; returns why it could not, if so. */
function parseShellOf(instruction: DockerInstruction, script: { start: number; script: string }, shellParser: ShellParser): string | undefined {
  const length = script.script.length;
  if (length > MAX_SHELL_SCRIPT_CHARS) {
    return `its script has ${length.toLocaleString('en-US')} characters, above the ${MAX_SHELL_SCRIPT_CHARS.toLocaleString('en-US')} the shell parser reads`;
  }
  let shell: ShellScript;
  try {
    shell = shellParser.parse(script.script, script.start);
  } catch (error) {
    // A script nested thousands of `$(` deep overflows the stack of the tree walk; the rest of the file is still ours.
    return `the shell parser could not read its script (${(error as Error).message})`;
  }
  instruction.shellSpan = { start: script.start, end: script.start + length };
  instruction.shell = shell;
  instruction.shellFromExecForm = instruction.form === 'exec' ? true : undefined;
  return undefined;
}

function shellFor(stage: DockerStage | undefined, shells: Map<DockerStage | undefined, string>): string {
  for (let s: DockerStage | undefined = stage; s; s = s.parent) {
    const shell = shells.get(s);
    if (shell) return shell;
  }
  return '/bin/sh';
}

function jsonStrings(instruction: DockerInstruction): DockerArgument[] | undefined {
  classifyForm(instruction);
  return instruction.form === 'exec' ? instruction.execArgs : undefined;
}

const EXEC_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);

function classifyForm(instruction: DockerInstruction): void {
  if (instruction.form) return;
  let keyword = instruction.keyword;
  let body = instruction.argsText;
  if (keyword === 'HEALTHCHECK') {
    // Flags are separated by whitespace; `(?:\s*--\S+)*` let `\S+` swallow the next `--` and backtracked
    // exponentially on a long run of dashes (found by the regex audit).
    const m = /^\s*(?:--\S+\s+)*CMD\s+([\s\S]*)$/i.exec(body);
    if (!m) return;
    body = m[1];
    keyword = 'CMD';
  }
  if (!EXEC_FORM_KEYWORDS.has(keyword)) return;
  // Flags (RUN --mount=…) come before the command.
  const afterFlags = instruction.keyword !== 'HEALTHCHECK' && instruction.flags.length > 0 ? bodyAfterFlags(instruction) : body;
  const trimmed = afterFlags.trimStart();
  if (trimmed.startsWith('[')) {
    const parsed = tryParseJsonArray(trimmed);
    if (parsed) {
      instruction.form = 'exec';
      instruction.execArgs = parsed.map((value) => ({ value, start: instruction.argsStart, end: instruction.end }));
      const located = instruction.jsonSpans;
      if (located && located.length === parsed.length) instruction.execArgs = located.map((span, i) => ({ start: span.start, end: span.end, value: parsed[i] }));
      return;
    }
  }
  instruction.form = 'shell';
}

function bodyAfterFlags(instruction: DockerInstruction): string {
  const lastFlag = instruction.flags.at(-1);
  if (!lastFlag) return instruction.argsText;
  return instruction.argsText.slice(Math.max(0, lastFlag.end - instruction.argsStart));
}

function tryParseJsonArray(text: string): string[] | undefined {
  const end = text.lastIndexOf(']');
  if (end < 0) return undefined;
  const candidate = text.slice(0, end + 1).replace(/\\\r?\n/g, '');
  try {
    const value: unknown = JSON.parse(candidate);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string') && text.slice(end + 1).trim() === '') return value as string[];
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * The text of a RUN as the shell will see it, with exactly the source's length so that parser
 * offsets map straight back: Dockerfile-only comment lines inside continuations are blanked,
 * a backtick escape is turned into a backslash, and `RUN <<EOF` markers are blanked so the
 * heredoc body is parsed as the script.
 */
export function shellViewOfRun(text: string, instruction: DockerInstruction, escapeChar: string): { start: number; script: string } | undefined {
  const lastFlag = instruction.flags.at(-1);
  let start = lastFlag ? lastFlag.end : instruction.argsStart;
  const end = instruction.end;
  if (start >= end) return undefined;
  const source = text.slice(start, end);
  // One physical line and no heredoc: the shell sees the source itself (unless a backtick escape ends it). Most RUNs,
  // and the walk below would copy each of them character by character on every keystroke.
  if (instruction.heredocs.length === 0 && !/[\r\n]/.test(source) && (escapeChar === '\\' || !source.trimEnd().endsWith(escapeChar))) {
    return { start, script: source };
  }
  const chars = source.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  for (let i = 0; i < chars.length; i++) if (chars[i] === '\r') chars[i] = ' ';

  // Heredoc bodies stay as the shell sees them; only the instruction lines are rewritten.
  const heredocSpans = instruction.heredocs.map((h) => ({ start: h.contentStart - start, end: h.contentEnd - start }));
  const inHeredoc = (i: number) => heredocSpans.some((h) => i >= h.start && i < h.end);

  const firstHeredoc = instruction.heredocs[0];
  const leadingMarker = /^\s*<<-?\s*(["']?)([A-Za-z0-9_]+)\1/.exec(source);
  if (firstHeredoc && leadingMarker) {
    // `RUN <<EOF` runs the body as the script: blank the marker line and the delimiter lines.
    const bodyStart = firstHeredoc.contentStart - start;
    const shebang = /^#!\s*(\S+)/.exec(firstHeredoc.content);
    if (shebang && !/(^|\/)(ba|da|a|z)?sh$/.test(shebang[1]) && !/\benv\s+(ba|da|a|z)?sh\b/.test(firstHeredoc.content.split('\n')[0])) {
      return undefined;
    }
    blank(0, Math.max(0, bodyStart));
    const bodyEnd = firstHeredoc.contentEnd - start;
    blank(bodyEnd, chars.length);
    return { start, script: chars.join('') };
  }

  // Walk physical lines; lines after a continuation that are empty or comments are Dockerfile-level.
  let lineStart = 0;
  let continued = false;
  while (lineStart < chars.length) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = chars.length;
    if (!inHeredoc(lineStart)) {
      const line = source.slice(lineStart, lineEnd).replace(/\r$/, '');
      if (continued && /^\s*(#.*)?$/.test(line)) {
        if (lineEnd - lineStart >= 1) {
          blank(lineStart, lineEnd);
          chars[lineEnd - 1] = '\\';
        } else if (lineStart >= 2 && chars[lineStart - 2] === '\\') {
          // Empty physical line: move the continuation down one character.
          chars[lineStart - 2] = ' ';
          chars[lineStart - 1] = '\\';
          chars[lineStart] = '\n';
        }
        lineStart = lineEnd + 1;
        continue;
      }
      // trimEnd, not replace(/\s+$/): that regex is quadratic on a long run of blanks before a last character.
      const trimmedEnd = line.trimEnd();
      continued = trimmedEnd.endsWith(escapeChar);
      if (continued && escapeChar !== '\\') {
        const escapeAt = lineStart + trimmedEnd.length - 1;
        chars[escapeAt] = '\\';
      }
    }
    lineStart = lineEnd + 1;
  }
  return { start, script: chars.join('') };
}

const POSIX_SHELL_PROGRAM = /(^|\/)(sh|bash|dash|ash|zsh|ksh)$/;

/**
 * The script of an exec-form `RUN ["/bin/sh", "-c", "script"]`, when its JSON string holds no escapes
 * (then the script's characters are the source's and offsets map 1:1); undefined otherwise.
 */
function execFormShellScript(text: string, instruction: DockerInstruction): { start: number; script: string } | undefined {
  const args = instruction.execArgs;
  if (!args || args.length < 3 || !POSIX_SHELL_PROGRAM.test(args[0].value)) return undefined;
  let i = 1;
  while (i < args.length && !/^-[a-z]*c$/i.test(args[i].value)) {
    const option = args[i].value;
    if (option === '-o' || option === '+o') i += 2;
    else if (/^[-+][a-z]+$/i.test(option)) i++;
    else break;
  }
  if (i >= args.length - 1 || !/^-[a-z]*c$/i.test(args[i].value)) return undefined;
  const body = args[i + 1];
  if (body.start < 0 || text.slice(body.start, body.end) !== body.value) return undefined;
  return { start: body.start, script: body.value };
}

/** Substitutes `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` from `scope`; unknowns become ''. */
export function substituteVariables(value: string, scope: ReadonlyMap<string, string | undefined>): string {
  return value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, op, word, bare) => {
    const name = braced ?? bare;
    const current = scope.get(name);
    if (op === '-') return current ? current : word;
    if (op === '+') return current ? word : '';
    return current ?? '';
  });
}

/**
 * ARG and ENV names visible at `instruction` (its stage and the stages it builds on), with known
 * values. Built once per stage: each instruction shares the snapshot taken after the last ARG/ENV
 * before it instead of re-walking its stage chain. Read-only: copy it before changing it.
 */
export function variablesInScope(model: DockerfileModel, instruction: DockerInstruction): ReadonlyMap<string, string | undefined> {
  const stage = instruction.stage;
  if (!stage) return memoize(model, 'globalScope', () => new Map(model.globalArgs));
  const scopes = stageScopes(model, stage);
  // Triggers carry their ONBUILD's index and are not in the stage's list: the scope before that index.
  let low = 0;
  let high = scopes.indices.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (scopes.indices[mid] < instruction.index) low = mid + 1;
    else high = mid;
  }
  return scopes.before[low];
}

interface StageScopes {
  /** Indices of the stage's instructions, ascending. */
  indices: number[];
  /** before[k]: scope before the k-th instruction; before[length]: after all of them. */
  before: ReadonlyMap<string, string | undefined>[];
}

function stageScopes(model: DockerfileModel, stage: DockerStage): StageScopes {
  return memoize(stage, 'scopes', () => {
    const inherited = stage.parent ? stageScopes(model, stage.parent) : undefined;
    let current: ReadonlyMap<string, string | undefined> = inherited ? inherited.before[inherited.before.length - 1] : new Map();
    const indices: number[] = [];
    const before: ReadonlyMap<string, string | undefined>[] = [];
    for (const i of stage.instructions) {
      indices.push(i.index);
      before.push(current);
      if (i.keyword === 'ARG') {
        const next = new Map(current);
        for (const p of (i.ast as import('dockerfile-ast').Arg).getProperties()) {
          const name = p.getName();
          const value = p.getValue();
          next.set(name, value ?? (model.globalArgs.has(name) ? model.globalArgs.get(name) : undefined));
        }
        current = next;
      } else if (i.keyword === 'ENV') {
        const next = new Map(current);
        for (const p of (i.ast as import('dockerfile-ast').Env).getProperties()) next.set(p.getName(), p.getValue() ?? '');
        current = next;
      }
    }
    before.push(current);
    return { indices, before };
  });
}

