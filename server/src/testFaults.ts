/**
 * A test-only hook for the crash-isolation tests through the real language server: `DRYDOCK_TEST_FAULTS` names
 * rules to break, comma-separated — `throw:<rule id>` makes the rule throw, `slow:<rule id>:<ms>` makes it busy-wait
 * that long before running — and `model:<exit|throw|oom|hang>` makes the model worker exit (process.exit), throw,
 * run out of memory or hang once it has answered its first request. Unset (always, outside tests) it changes
 * nothing: the rule list is the real one and the model host has no test hooks.
 */
import type { Rule } from './core/rule';
import type { TestHookAction } from './model/host';

const MODEL_FAULTS: readonly TestHookAction[] = ['exit', 'throw', 'oom', 'hang'];

/** The ModelHost options of `model:<action>` in DRYDOCK_TEST_FAULTS; none when unset. */
export function modelTestFaults(spec: string | undefined = process.env.DRYDOCK_TEST_FAULTS): { testFaultAfterFirstAnswer?: TestHookAction } {
  for (const fault of spec?.split(',') ?? []) {
    const [kind, action] = fault.trim().split(':');
    if (kind === 'model' && (MODEL_FAULTS as readonly string[]).includes(action)) return { testFaultAfterFirstAnswer: action as TestHookAction };
  }
  return {};
}

export function rulesWithTestFaults(rules: readonly Rule[], spec: string | undefined = process.env.DRYDOCK_TEST_FAULTS): readonly Rule[] | undefined {
  if (!spec) return undefined;
  const faults = spec.split(',').map((f) => f.trim()).filter(Boolean);
  return rules.map((rule) => {
    for (const fault of faults) {
      // Rule ids contain `/` but never `:`.
      const [kind, id, arg] = fault.split(':');
      if (id !== rule.id) continue;
      if (kind === 'throw') {
        return { ...rule, check: () => { throw new Error(`injected fault (DRYDOCK_TEST_FAULTS)`); } } as Rule;
      }
      if (kind === 'slow') {
        const ms = Number(arg ?? 1000);
        const check = rule.check as (context: never) => void;
        return { ...rule, check: (context: never) => { busyWait(ms); check(context); } } as Rule;
      }
    }
    return rule;
  });
}

function busyWait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // a rule that is slow on purpose
  }
}
