/**
 * dockerfile-ast re-tokenises an instruction's arguments on every getArguments/getFlags/
 * getProperties/getHeredocs call, and each of those calls the others: building our model and
 * running 120 rules made it the largest cost of an analysis (a third of the time on a
 * 2,000-line file). Instances never change after the parser creates them, so the results are
 * memoised per instance. Read-only results are shared; argument arrays are copied per call.
 */
import { Instruction, PropertyInstruction, JSONInstruction } from 'dockerfile-ast';

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

// ModifiableInstruction.getArguments is deliberately not memoised: getFlags calls it while the
// flags are still being collected, so its first answer can include the flags.
let installed = false;

export function installAstMemo(): void {
  if (installed) return;
  installed = true;
  memoiseArrayMethod(Instruction.prototype, 'getRawArguments', true);
  memoiseArrayMethod(Instruction.prototype, 'getHeredocs', false);
  memoiseArrayMethod(Instruction.prototype, 'getVariables', false);
  memoiseArrayMethod(PropertyInstruction.prototype, 'getProperties', false);
  memoiseArrayMethod(JSONInstruction.prototype, 'getJSONStrings', false);
}
