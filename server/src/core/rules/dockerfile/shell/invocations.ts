/**
 * Command-line queries shared by the integrity, remote-content and shell rules: every program a
 * RUN starts (shell form and exec form), getopt-style option scanning that understands bundles
 * such as `-fsSLk`, the literal texts a RUN writes (words and heredoc bodies) and a fix that
 * removes one option without leaving a broken line behind.
 */
import type { DockerfileModel, DockerInstruction, Span } from '../../../documents/dockerfile';
import { effectiveCommand, programName, type ShellCommand, type ShellWord } from '../../../documents/shell';
import type { OffsetFix } from '../../../rule';
import { memoize } from '../../../memo';

export interface Invocation {
  instruction: DockerInstruction;
  /** Base name of the program after sudo/env/… wrappers. */
  program: string;
  nameWord: ShellWord;
  args: ShellWord[];
  /** Absent for exec-form RUN. */
  command?: ShellCommand;
}

/** Programs started by one RUN, in source order. */
export function invocationsOf(instruction: DockerInstruction): Invocation[] {
  if (instruction.keyword !== 'RUN') return [];
  return memoize(instruction, 'invocations', () => computeInvocations(instruction));
}

function computeInvocations(instruction: DockerInstruction): Invocation[] {
  if (instruction.shell) {
    return instruction.shell.commands.map((command) => {
      const effective = effectiveCommand(command);
      return { instruction, program: effective.program, nameWord: effective.nameWord, args: effective.args, command };
    });
  }
  if (instruction.form === 'exec' && instruction.execArgs && instruction.execArgs.length > 0) {
    const words: ShellWord[] = instruction.execArgs.map((a) => ({ text: a.value, start: a.start, end: a.end, dynamic: false }));
    const fake: ShellCommand = { name: words[0], args: words.slice(1), assignments: [], redirects: [], start: instruction.argsStart, end: instruction.end, pipeline: [] };
    fake.pipeline = [fake];
    const effective = effectiveCommand(fake);
    if (!effective.program) return [];
    return [{ instruction, program: effective.program, nameWord: effective.nameWord, args: effective.args }];
  }
  return [];
}

/** Every program started by a RUN of the file, ONBUILD triggers included. */
export function invocations(model: DockerfileModel): readonly Invocation[] {
  return memoize(model, 'invocations', () => {
    const all: Invocation[] = [];
    for (const instruction of model.instructionsWithTriggers) {
      if (instruction.keyword === 'RUN') for (const inv of invocationsOf(instruction)) all.push(inv);
    }
    return all;
  });
}

/**
 * Invocations of one of `programs`, in file order. Most rules look for one or two programs; the
 * list is filtered once per model and program set instead of in every rule. Read-only.
 */
export function invocationsOfPrograms(model: DockerfileModel, programs: readonly string[]): readonly Invocation[] {
  const all = invocations(model);
  return memoize(all, `programs:${programs.join(',')}`, () => all.filter((inv) => programs.includes(inv.program)));
}

export interface OptionSpec {
  /** Short letters that take a value (`o` for `curl -o file`). */
  shortWithValue?: string;
  /** Long options that take a value in the next word when not written `--name=value`. */
  longWithValue?: readonly string[];
  /** Single-dash words that are long options (`wget -nv`, `find -name`). */
  singleDashLong?: readonly string[];
}

export interface OptionHit {
  word: ShellWord;
  /** `--insecure`, `-k` (a short letter is reported as `-k` even inside a bundle). */
  name: string;
  value?: string;
  /** Index of the letter inside a bundle such as `-fsSLk`; undefined for whole-word options. */
  letterIndex?: number;
  /** The word holds nothing but this option. */
  wholeWord: boolean;
}

/** Options and operands of a command line, getopt style. */
export function scanOptions(args: readonly ShellWord[], spec: OptionSpec = {}): { options: OptionHit[]; operands: ShellWord[] } {
  const options: OptionHit[] = [];
  const operands: ShellWord[] = [];
  const shortWithValue = spec.shortWithValue ?? '';
  const longWithValue = spec.longWithValue ?? NONE;
  const singleDashLong = spec.singleDashLong ?? NONE;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const t = word.text;
    if (t === '--') {
      for (let rest = i + 1; rest < args.length; rest++) operands.push(args[rest]);
      break;
    }
    if (t.charCodeAt(0) !== 45 /* - */) {
      operands.push(word);
      continue;
    }
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const name = eq >= 0 ? t.slice(0, eq) : t;
      let value = eq >= 0 ? t.slice(eq + 1) : undefined;
      if (value === undefined && longWithValue.includes(name) && i + 1 < args.length) value = args[++i].text;
      options.push({ word, name, value, wholeWord: true });
      continue;
    }
    if (singleDashLong.length > 0) {
      const eq = t.indexOf('=');
      const name = eq >= 0 ? t.slice(0, eq) : t;
      if (singleDashLong.includes(name)) {
        options.push({ word, name, value: eq >= 0 ? t.slice(eq + 1) : undefined, wholeWord: true });
        continue;
      }
    }
    if (t.length > 1 && !word.dynamic) {
      const letters = t.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const letter = letters[k];
        if (shortWithValue.includes(letter)) {
          let value = letters.slice(k + 1);
          if (value === '' && i + 1 < args.length) value = args[++i].text;
          options.push({ word, name: `-${letter}`, value, letterIndex: k + 1, wholeWord: letters.length === 1 });
          break;
        }
        options.push({ word, name: `-${letter}`, letterIndex: k + 1, wholeWord: letters.length === 1 });
      }
    } else {
      operands.push(word);
    }
  }
  return { options, operands };
}

const NONE: readonly string[] = [];

/**
 * True when some word could yield an option named one of `names`: an option word holds its name
 * (a bundled short option at least its letter). Most command lines have none of the options a rule
 * looks for, and this spares them the full scan.
 */
export function mayHaveOption(args: readonly ShellWord[], names: readonly string[]): boolean {
  for (const word of args) {
    const t = word.text;
    if (t.charCodeAt(0) !== 45 /* - */) continue;
    for (const name of names) if (t.includes(name.length === 2 ? name[1] : name)) return true;
  }
  return false;
}

/** Options named one of `names` (`--insecure`, `-k`). */
export function findOptions(args: readonly ShellWord[], names: readonly string[], spec: OptionSpec = {}): OptionHit[] {
  if (!mayHaveOption(args, names)) return [];
  return scanOptions(args, spec).options.filter((o) => names.includes(o.name));
}

/** A fix that deletes one option: the whole word with its leading blank, or one letter of a bundle. */
export function removeOptionFix(model: DockerfileModel, hit: OptionHit, title: string): OffsetFix | undefined {
  const { word } = hit;
  const source = model.text.slice(word.start, word.end);
  if (!hit.wholeWord) {
    if (hit.letterIndex === undefined || source !== word.text || hit.value) return undefined;
    const at = word.start + hit.letterIndex;
    return { title, edits: [{ start: at, end: at + 1, newText: '' }], isPreferred: true };
  }
  if (hit.value !== undefined && !word.text.includes('=')) return undefined;
  return { title, edits: [removeWordEdit(model.text, word)], isPreferred: true };
}

/** Deletes a word and its leading blanks; a word alone on a continuation line takes the line with it. */
export function removeWordEdit(text: string, span: Span): { start: number; end: number; newText: string } {
  // An exec-form (JSON) element goes with its quotes and its separating comma.
  if (text[span.start - 1] === '"' && text[span.end] === '"') {
    let comma = span.start - 1;
    while (comma > 0 && (text[comma - 1] === ' ' || text[comma - 1] === '\t')) comma--;
    if (text[comma - 1] === ',') return { start: comma - 1, end: span.end + 1, newText: '' };
  }
  let before = span.start;
  while (before > 0 && (text[before - 1] === ' ' || text[before - 1] === '\t')) before--;
  const firstOnLine = before === 0 || text[before - 1] === '\n';
  if (!firstOnLine) return { start: before, end: span.end, newText: '' };
  let after = span.end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const rest = text.slice(after, after + 3);
  const continuation = /^\\\r?\n/.exec(rest);
  if (continuation) return { start: before, end: after + continuation[0].length, newText: '' };
  return { start: span.start, end: after, newText: '' };
}

export interface LiteralText extends Span {
  instruction: DockerInstruction;
  text: string;
  /** `text` is exactly the source at start..end (heredoc lines), so sub-matches can be placed. */
  exact: boolean;
}

/**
 * Literal text a RUN (or a COPY heredoc) hands to programs: every word of every command and every
 * line of heredoc bodies that are not themselves the RUN's script. Config files written with
 * `echo … >> /etc/yum.conf` or `cat > x.repo <<EOF` are found here.
 */
export function literalTexts(model: DockerfileModel): readonly LiteralText[] {
  return memoize(model, 'literalTexts', () => computeLiteralTexts(model));
}

function computeLiteralTexts(model: DockerfileModel): LiteralText[] {
  const out: LiteralText[] = [];
  const text = model.text;
  const add = (instruction: DockerInstruction, w: ShellWord) => {
    // Same as comparing the source slice with the word, without cutting a string per word.
    const exact = w.end - w.start === w.text.length && text.startsWith(w.text, w.start);
    out.push({ instruction, text: w.text, start: w.start, end: w.end, exact });
  };
  for (const instruction of model.instructionsWithTriggers) {
    if (instruction.keyword === 'RUN') {
      for (const inv of invocationsOf(instruction)) {
        if (inv.command) {
          add(instruction, inv.command.name);
          for (const w of inv.command.args) add(instruction, w);
          for (const w of inv.command.assignments) add(instruction, w);
        } else {
          add(instruction, inv.nameWord);
          for (const w of inv.args) add(instruction, w);
        }
      }
    }
    if (instruction.keyword !== 'RUN' && instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    for (const heredoc of instruction.heredocs) {
      const isScript = instruction.shell?.commands.some((c) => c.start >= heredoc.contentStart && c.end <= heredoc.contentEnd + 1);
      if (isScript) continue;
      let offset = heredoc.contentStart;
      for (const line of heredoc.content.split('\n')) {
        const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
        out.push({ instruction, text: clean, start: offset, end: offset + clean.length, exact: true });
        offset += line.length + 1;
      }
    }
  }
  return out;
}

/** Calls `test` once per instruction: the literals of one instruction are asked the same question about it. */
export function perInstruction(test: (instruction: DockerInstruction) => boolean): (instruction: DockerInstruction) => boolean {
  let last: DockerInstruction | undefined;
  let answer = false;
  return (instruction) => {
    if (instruction !== last) {
      last = instruction;
      answer = test(instruction);
    }
    return answer;
  };
}

/**
 * The text a literal puts into a file: for a sed substitution `s/old/new/` only the replacement
 * counts (`s/gpgcheck=0/gpgcheck=1/` turns a check on). Lengths are kept so offsets still match.
 */
export function writtenText(text: string): string {
  if (text.charCodeAt(0) !== 115 /* s */) return text;
  const sed = /^(s(.)(?:\\.|(?!\2).)*\2)((?:\\.|(?!\2).)*)(\2[gipI0-9]*)$/.exec(text);
  if (!sed) return text;
  return ' '.repeat(sed[1].length) + sed[3] + ' '.repeat(sed[4].length);
}

/** A sub-span of a literal for a regex match (the whole literal when it was unquoted). */
export function matchSpan(literal: LiteralText, match: RegExpExecArray): Span {
  if (!literal.exact) return { start: literal.start, end: literal.end };
  return { start: literal.start + match.index, end: literal.start + match.index + match[0].length };
}

/** True for `pip`, `pip3`, `pip3.12`, and for `python -m pip`-style invocations (caller passes args after `-m pip`). */
export function isPip(program: string): boolean {
  return /^pip(\d+(\.\d+)?)?$/.test(program);
}

/** `python3 -m pip install …` → the args after `pip`, else undefined. */
export function pythonModuleArgs(inv: Invocation, module: string): ShellWord[] | undefined {
  if (!/^python(\d+(\.\d+)?)?$/.test(inv.program)) return undefined;
  const m = inv.args.findIndex((a, i) => a.text === '-m' && inv.args[i + 1]?.text === module);
  if (m >= 0) return inv.args.slice(m + 2);
  const joined = inv.args.findIndex((a) => a.text === `-m${module}`);
  return joined >= 0 ? inv.args.slice(joined + 1) : undefined;
}

export { programName };
