/**
 * Where a Dockerfile sets an environment variable: ENV, ARG defaults, and inside RUN
 * (`export X=1`, `X=1 cmd`, `env X=1 cmd`, exec-form `["env","X=1",…]`). Integrity rules use it
 * to find switches such as NODE_TLS_REJECT_UNAUTHORIZED=0 whichever way they are set.
 */
import type { DockerfileModel, DockerInstruction, Span } from '../../../documents/dockerfile';
import { programName } from '../../../documents/shell';
import { assignments, instructionsWith } from '../helpers';
import { memoize } from '../../../memo';

export interface EnvSetting extends Span {
  instruction: DockerInstruction;
  name: string;
  /** Unquoted value; null for `ARG NAME` without default. */
  value: string | null;
  via: 'ENV' | 'ARG' | 'RUN';
}

function unquote(value: string): string {
  const m = /^(["'])([\s\S]*)\1$/.exec(value);
  return m ? m[2] : value;
}

export function envSettings(model: DockerfileModel, isName: (name: string) => boolean): EnvSetting[] {
  const out: EnvSetting[] = [];
  const seen = new Set<number>();
  for (const s of allEnvSettings(model)) {
    if (!isName(s.name) || seen.has(s.start)) continue;
    seen.add(s.start);
    out.push(s);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Every setting of any name, in the order envSettings considers them; each rule then filters by name. */
function allEnvSettings(model: DockerfileModel): readonly EnvSetting[] {
  return memoize(model, 'envSettings', () => {
    const out: EnvSetting[] = [];
    for (const a of assignments(model)) {
      out.push({ instruction: a.instruction, name: a.name, value: a.value === null ? null : unquote(a.value), start: a.span.start, end: a.span.end, via: a.instruction.keyword as 'ENV' | 'ARG' });
    }
    for (const instruction of instructionsWith(model, ['RUN'])) {
      const fromWord = (text: string, span: Span) => {
        if (!text.includes('=')) return;
        const m = ASSIGNMENT.exec(text);
        if (m) out.push({ instruction, name: m[1], value: m[2], start: span.start, end: span.end, via: 'RUN' });
      };
      if (instruction.shell) {
        for (const v of instruction.shell.variableAssignments) out.push({ instruction, name: v.name, value: v.value, start: v.start, end: v.end, via: 'RUN' });
        for (const command of instruction.shell.commands) {
          for (const a of command.assignments) fromWord(a.text, a);
          if (programName(command.name.text) === 'env') for (const a of command.args) fromWord(a.text, a);
        }
      } else if (instruction.form === 'exec' && instruction.execArgs && programName(instruction.execArgs[0]?.value ?? '') === 'env') {
        for (const a of instruction.execArgs.slice(1)) fromWord(a.value, a);
      }
    }
    return out;
  });
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;

/** `0`, `false`, `no`, `off` in any case. */
export function isFalsy(value: string | null): boolean {
  return value !== null && /^(0|false|no|off)$/i.test(value.trim());
}
