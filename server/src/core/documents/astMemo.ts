/**
 * dockerfile-ast re-tokenises an instruction's arguments on every getArguments/getFlags/
 * getProperties/getHeredocs call, and each of those calls the others: building our model and
 * running 120 rules made it the largest cost of an analysis (a third of the time on a
 * 2,000-line file). Instances never change after the parser creates them, so the results are
 * memoised per instance. Read-only results are shared; argument arrays are copied per call.
 */
import { Add, Cmd, Copy, Entrypoint, Instruction, JSONInstruction, ModifiableInstruction, PropertyInstruction, Run, Shell, Volume } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser';
import { TextCache } from '../textCache';

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
 * of exactly that: its text, where it and its keyword start and end, and the escape character. The key holds all of
 * them, so a hit is what tokenising again would give. Arrays are never handed out (the per-instance memo copies them).
 * The budget holds about 3,000 instructions (ten open 300-line files); an entry's argument objects weigh about 1.5 KB.
 */
const sharedArguments = new TextCache<unknown[]>(256 * 1024);

interface Positioned {
  getRange(): { start: { line: number; character: number } };
  getInstructionRange(): { start: { line: number; character: number }; end: { line: number; character: number } };
  getTextContent(): string;
  escapeChar: string;
}

function shareRawArgumentsAcrossParses(prototype: object): void {
  const original = (prototype as Record<string, unknown>).getRawArguments as Method;
  const shared = function (this: Positioned): unknown {
    const text = this.getTextContent();
    const start = this.getRange().start;
    const keyword = this.getInstructionRange();
    const key = `${this.escapeChar}${start.line}:${start.character}:${keyword.start.line}:${keyword.start.character}:${keyword.end.line}:${keyword.end.character}\u0000${text}`;
    // Least recently used goes first: the file being typed in stays, a workspace scan's files pass through.
    const cached = sharedArguments.get(key);
    if (cached) return cached;
    const computed = original.call(this);
    if (Array.isArray(computed)) sharedArguments.set(key, computed);
    return computed;
  };
  Object.defineProperty(prototype, 'getRawArguments', { value: shared, writable: true, configurable: true });
}

/** Forgets the arguments shared between parses (tests compare a warm parse with a cold one). */
export function clearSharedArguments(): void {
  sharedArguments.clear();
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
