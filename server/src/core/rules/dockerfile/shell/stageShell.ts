/** The SHELL in effect for an instruction: the last SHELL of its stage, else of the stages it builds on. */
import type { DockerInstruction, DockerStage } from '../../../documents/dockerfile';

export const DEFAULT_SHELL = ['/bin/sh', '-c'];

function lastShellOf(stage: DockerStage, before?: number): string[] | undefined {
  let found: string[] | undefined;
  for (const i of stage.instructions) {
    if (before !== undefined && i.index >= before) break;
    if (i.keyword === 'SHELL' && i.form === 'exec' && i.execArgs && i.execArgs.length > 0) found = i.execArgs.map((a) => a.value);
  }
  return found;
}

export function shellAt(instruction: DockerInstruction): string[] {
  const stage = instruction.stage;
  if (!stage) return DEFAULT_SHELL;
  const own = lastShellOf(stage, instruction.index);
  if (own) return own;
  for (let s = stage.parent; s; s = s.parent) {
    const inherited = lastShellOf(s);
    if (inherited) return inherited;
  }
  return DEFAULT_SHELL;
}
