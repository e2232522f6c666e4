/**
 * dockerfile-ast re-tokenises an instruction's arguments on every getArguments/getFlags/
 * getProperties/getHeredocs call, and each of those calls the others: building our model and
 * running 120 rules made it the largest cost of an analysis (a third of the time on a
 * 2,000-line file). Instances never change after the parser creates them, so the results are
 * memoised per instance. Read-only results are shared; argument arrays are copied per call.
 */
import { Add, Cmd, Copy, Entrypoint, Instruction, JSONInstruction, ModifiableInstruction, PropertyInstruction, Run, Shell, Volume } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser';

type Method = (this: object) => unknown;

/**
 * `copy`: dockerfile-ast itself shifts flags off the arrays getArguments returns, so those are copied. `notYet`: while
 * it holds, the answer is handed out but not remembered (it is not final yet).
 */
function memoiseArrayMethod(prototype: object, name: string, copy: boolean, notYet?: (instance: object) => boolean): void {
  const original = (prototype as Record<string, unknown>)[name];
  if (typeof original !== 'function' || (original as { memoised?: boolean }).memoised) return;
  const slot = Symbol(`drydock.memo.${name}`);
  const memoised = function (this: Record<symbol, unknown[] | undefined>): unknown {
    let value = this[slot];
    if (value === undefined) {
      const computed = (original as Method).call(this);
      if (!Array.isArray(computed) || notYet?.(this)) return computed;
      value = computed;
      this[slot] = value;
    }
    return copy ? value.slice() : value;
  };
  (memoised as { memoised?: boolean }).memoised = true;
  Object.defineProperty(prototype, name, { value: memoised, writable: true, configurable: true });
}

/**
 * Tokenised arguments shared between parses. A keystroke changes one instruction; every other one has the same text
 * at the same line and column as in the last parse, and its arguments (values and line/column ranges) are a function
 * of exactly that: its text, where it and its keyword start and end, and the escape character. An entry holds all of
 * them, so a hit is what tokenising again would give. Arrays are never handed out (the per-instance memo copies them).
 *
 * Entries are found by the line the instruction starts on, then by comparing the rest: a few numbers, and a text only
 * when they match. (A string key of all of them, in a cache keyed by text, cost a concatenation, a copy and a hash
 * per instruction: about half a millisecond of a keystroke's analysis of a 300-line Dockerfile in the load test's
 * bursts.) Each line keeps the SHARED_PER_LINE entries used last — the open files, the versions being typed — which
 * alone bounds the table for files of up to about 300 lines; the whole table holds at most SHARED_CHARACTER_BUDGET
 * characters of instruction text (about 3,000 instructions, an entry's argument objects weighing about 1.5 KB), and
 * past that it starts again empty.
 */
interface SharedArguments {
  /** A copy of the instruction's text, not a slice: a slice would keep its whole document alive. */
  text: string;
  escapeChar: string;
  character: number;
  keywordStartLine: number;
  keywordStartCharacter: number;
  keywordEndLine: number;
  keywordEndCharacter: number;
  args: unknown[];
}

const SHARED_PER_LINE = 16;
const SHARED_CHARACTER_BUDGET = 256 * 1024;
const sharedByLine = new Map<number, SharedArguments[]>();
let sharedCharacters = 0;

interface Positioned {
  getRange(): { start: { line: number; character: number } };
  getInstructionRange(): { start: { line: number; character: number }; end: { line: number; character: number } };
  getTextContent(): string;
  escapeChar: string;
}

function findShared(entries: SharedArguments[], instruction: Positioned, text: string, character: number, keyword: ReturnType<Positioned['getInstructionRange']>): unknown[] | undefined {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (
      entry.character !== character ||
      entry.keywordStartLine !== keyword.start.line ||
      entry.keywordStartCharacter !== keyword.start.character ||
      entry.keywordEndLine !== keyword.end.line ||
      entry.keywordEndCharacter !== keyword.end.character ||
      entry.escapeChar !== instruction.escapeChar ||
      entry.text !== text
    ) {
      continue;
    }
    if (i > 0) {
      entries.splice(i, 1);
      entries.unshift(entry);
    }
    return entry.args;
  }
  return undefined;
}

function rememberShared(line: number, entry: SharedArguments): void {
  if (sharedCharacters + entry.text.length > SHARED_CHARACTER_BUDGET) clearSharedArguments();
  let entries = sharedByLine.get(line);
  if (!entries) sharedByLine.set(line, (entries = []));
  entries.unshift(entry);
  sharedCharacters += entry.text.length;
  if (entries.length > SHARED_PER_LINE) sharedCharacters -= entries.pop()!.text.length;
}

function shareRawArgumentsAcrossParses(prototype: object): void {
  const original = (prototype as Record<string, unknown>).getRawArguments as Method;
  const shared = function (this: Positioned): unknown {
    const text = this.getTextContent();
    const start = this.getRange().start;
    const keyword = this.getInstructionRange();
    const entries = sharedByLine.get(start.line);
    const found = entries && findShared(entries, this, text, start.character, keyword);
    if (found) return found;
    const computed = original.call(this);
    if (!Array.isArray(computed) || text.length > SHARED_CHARACTER_BUDGET / 16) return computed;
    rememberShared(start.line, {
      // Concatenated then sliced: V8 flattens the pair into a fresh string, so the copy holds this text only.
      text: ` ${text}`.slice(1),
      escapeChar: this.escapeChar,
      character: start.character,
      keywordStartLine: keyword.start.line,
      keywordStartCharacter: keyword.start.character,
      keywordEndLine: keyword.end.line,
      keywordEndCharacter: keyword.end.character,
      args: computed,
    });
    return computed;
  };
  Object.defineProperty(prototype, 'getRawArguments', { value: shared, writable: true, configurable: true });
}

/** Forgets the arguments shared between parses (tests compare a warm parse with a cold one). */
export function clearSharedArguments(): void {
  sharedByLine.clear();
  sharedCharacters = 0;
}

/**
 * ModifiableInstruction.getArguments copies the arguments and shifts the flags off the copy on every call, and a RUN's
 * constructor, its raw-content accessors and our model call it several times per instruction. Its answer is fixed
 * once getFlags has run — except while getFlags itself runs: it asks for the arguments midway, when they still include
 * the flags, so that answer is handed out but not remembered.
 */
function memoiseArgumentsOnceFlagsAreKnown(prototype: object): void {
  const originalFlags = (prototype as Record<string, unknown>).getFlags as Method;
  const collectingFlags = Symbol('drydock.memo.collectingFlags');
  type Marked = Record<symbol, boolean | undefined>;
  const getFlags = function (this: Marked): unknown {
    if (this[collectingFlags]) return originalFlags.call(this);
    this[collectingFlags] = true;
    try {
      return originalFlags.call(this);
    } finally {
      this[collectingFlags] = false;
    }
  };
  Object.defineProperty(prototype, 'getFlags', { value: getFlags, writable: true, configurable: true });
  memoiseArrayMethod(prototype, 'getArguments', true, (instance) => (instance as Marked)[collectingFlags] === true);
}

/** The instructions whose constructor (JSONInstruction's) reads the arguments as a JSON array, by keyword. */
const JSON_INSTRUCTIONS = new Map<string, typeof JSONInstruction>([
  ['ADD', Add],
  ['CMD', Cmd],
  ['COPY', Copy],
  ['ENTRYPOINT', Entrypoint],
  ['RUN', Run],
  ['SHELL', Shell],
  ['VOLUME', Volume],
]);

/** Stands for "not read yet" in `jsonStrings` of an instruction created by `deferJsonArguments`. */
const NOT_READ: unknown[] = [];

type JsonFields = {
  document: unknown;
  range: unknown;
  dockerfile: unknown;
  escapeChar: string;
  instruction: string;
  instructionRange: unknown;
  openingBracket: unknown;
  closingBracket: unknown;
  jsonStrings: unknown[];
};

/**
 * JSONInstruction's constructor reads the arguments of every RUN, COPY, ADD, CMD, ENTRYPOINT, SHELL and VOLUME as a
 * JSON array on the spot, about a third of dockerfile-ast's parse of a 300-line file, while only exec-form
 * instructions are ever asked for that array (getJSONStrings and the two brackets, the only readers of those fields).
 * The parser's factory now creates those instructions with the fields their constructors set, in the same order (one
 * hidden class with the library's own instances), the JSON ones marked unread; the first getter that needs them
 * builds the instruction the library's way and takes its three fields, so the answer is the library's.
 */
function deferJsonArguments(): void {
  const factory = Parser.createInstruction as typeof Parser.createInstruction & { deferred?: boolean };
  if (factory.deferred) return;
  const deferring: typeof Parser.createInstruction & { deferred?: boolean } = function (document, dockerfile, escapeChar, lineRange, keyword, instructionRange) {
    const Class = JSON_INSTRUCTIONS.get(keyword.toUpperCase());
    if (!Class) return factory.call(Parser, document, dockerfile, escapeChar, lineRange, keyword, instructionRange);
    const created = Object.create(Class.prototype) as JsonFields;
    created.document = document;
    created.range = lineRange;
    created.dockerfile = dockerfile;
    created.escapeChar = escapeChar;
    created.instruction = keyword;
    created.instructionRange = instructionRange;
    created.openingBracket = null;
    created.closingBracket = null;
    created.jsonStrings = NOT_READ;
    return created as unknown as Instruction;
  };
  deferring.deferred = true;
  Parser.createInstruction = deferring;
  const prototype = JSONInstruction.prototype as unknown as Record<string, unknown>;
  for (const name of ['getOpeningBracket', 'getJSONStrings', 'getClosingBracket']) {
    const getter = prototype[name] as Method;
    prototype[name] = function (this: JsonFields & { constructor: new (...args: unknown[]) => JsonFields }): unknown {
      if (this.jsonStrings === NOT_READ) {
        const built = new this.constructor(this.document, this.range, this.dockerfile, this.escapeChar, this.instruction, this.instructionRange);
        this.openingBracket = built.openingBracket;
        this.closingBracket = built.closingBracket;
        this.jsonStrings = built.jsonStrings;
      }
      return getter.call(this);
    };
  }
}

let installed = false;

export function installAstMemo(): void {
  if (installed) return;
  installed = true;
  deferJsonArguments();
  shareRawArgumentsAcrossParses(Instruction.prototype);
  memoiseArrayMethod(Instruction.prototype, 'getRawArguments', true);
  memoiseArrayMethod(Instruction.prototype, 'getHeredocs', false);
  memoiseArrayMethod(Instruction.prototype, 'getVariables', false);
  memoiseArgumentsOnceFlagsAreKnown(ModifiableInstruction.prototype);
  memoiseArrayMethod(PropertyInstruction.prototype, 'getProperties', false);
  memoiseArrayMethod(JSONInstruction.prototype, 'getJSONStrings', false);
}
