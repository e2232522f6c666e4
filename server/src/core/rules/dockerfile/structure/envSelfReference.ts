import type { DockerfileRule } from '../../../rule';
import type { DockerInstruction } from '../../../documents/dockerfile';
import { assignments, type Assignment, variablesInScope } from '../helpers';
import { variableReferences } from './util';

/** `ENV A=1 B=$A`: within one ENV, `$A` still has its value from before the instruction. */
export const envSelfReference: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/env-self-reference',
  title: 'ENV refers to a variable set in the same instruction',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL3044'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'An `ENV` value that references a variable defined by another pair of the same `ENV` instruction, when that variable had no value before.',
    why: 'All pairs of one ENV are expanded with the environment from before the instruction, so `ENV A=1 B=$A` sets `B` to an empty string.',
    fix: 'Split the instruction:\n\n```dockerfile\nENV APP_HOME=/app\nENV PATH=$APP_HOME/bin:$PATH\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nENV BLA="blubb" BLUBB="${BLA}/blubb"\n', expect: ['${BLA}'] },
    { text: 'FROM alpine:3.20\nENV PATH=/bla:${PATH} PATH=/blubb:${PATH}\n', expect: [{ at: '${PATH}', nth: 2 }] },
    { text: 'FROM alpine:3.20\nENV BLA="blubb" BLUBB="$BLAFOO/blubb" C=\'$BLA\'\n', expect: [], note: 'prefix match, single quotes' },
    { text: 'FROM alpine:3.20\nARG BLA\nENV BLA=x BLUBB=$BLA\nENV PATH=/bla:$PATH\n', expect: [], note: 'defined before the instruction' },
  ],
  check({ model, report }) {
    const byInstruction = new Map<DockerInstruction, Assignment[]>();
    for (const a of assignments(model, ['ENV'])) {
      const list = byInstruction.get(a.instruction) ?? [];
      list.push(a);
      byInstruction.set(a.instruction, list);
    }
    for (const [instruction, pairs] of byInstruction) {
      if (pairs.length < 2) continue;
      const before = variablesInScope(model, instruction.onbuild ?? instruction);
      pairs.forEach((pair, i) => {
        if (!pair.valueSpan) return;
        const text = model.text.slice(pair.valueSpan.start, pair.valueSpan.end);
        if (!text.includes('$')) return;
        const candidates = new Set<string>();
        pairs.forEach((other, j) => {
          // Earlier pairs (even of the same name), and later pairs of other names, are not visible yet.
          if (j < i || (j > i && other.name !== pair.name)) candidates.add(other.name);
        });
        for (const ref of variableReferences(text, pair.valueSpan.start, model.escapeChar)) {
          if (!candidates.has(ref.name) || before.has(ref.name)) continue;
          report({
            start: ref.start,
            end: ref.end,
            message: `${pair.name} refers to ${ref.name}, which is set in the same ENV instruction and is still empty here; move ${ref.name} to an earlier ENV.`,
          });
        }
      });
    }
  },
};
