/**
 * dockerfile-ast re-tokenises an instruction's arguments on every getArguments/getFlags/
 * getProperties/getHeredocs call, and each of those calls the others: building our model and
 * running 120 rules made it the largest cost of an analysis (a third of the time on a
 * 2,000-line file). Instances never change after the parser creates them, so the results are
 * memoised per instance. Read-only results are shared; argument arrays are copied per call.
 */
import { Instruction, PropertyInstruction, JSONInstruction } from 'dockerfile-ast';
import { TextCache } from '../textCache';

type Method = (this: object) => unknown;

/** `copy`: dockerfile-ast itself shifts flags off the arrays getArguments returns, so those are copied. */
function memoiseArrayMethod(prototype: object, name: string, copy: boolean): void {
  const original = (prototype as Record<string, unknown>)[name];
  if (typeof original !== 'function' || (original as { memoised?: boolean }).memoised) return;
  const slot = Symbol(`drydock.memo.${name}`);
  const memoised = function (this: Record<symbol, unknown[] | undefined>): unknown {
    let value = this[slot];
    if (value === undefined) {
      const computed = (original as Method).call(this);
      if (!Array.isArray(computed)) return computed;
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

// ModifiableInstruction.getArguments is deliberately not memoised: getFlags calls it while the
// flags are still being collected, so its first answer can include the flags.
let installed = false;

export function installAstMemo(): void {
  if (installed) return;
  installed = true;
  shareRawArgumentsAcrossParses(Instruction.prototype);
  memoiseArrayMethod(Instruction.prototype, 'getRawArguments', true);
  memoiseArrayMethod(Instruction.prototype, 'getHeredocs', false);
  memoiseArrayMethod(Instruction.prototype, 'getVariables', false);
  memoiseArrayMethod(PropertyInstruction.prototype, 'getProperties', false);
  memoiseArrayMethod(JSONInstruction.prototype, 'getJSONStrings', false);
}
