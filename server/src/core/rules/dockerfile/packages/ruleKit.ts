/**
 * Small building blocks the package rules share: which invocations to look at, how to report
 * unpinned packages, and the "insert a flag after the subcommand" quick fix.
 */
import type { DockerfileModel } from '../../../documents/dockerfile';
import type { OffsetFix, Report } from '../../../rule';
import { memoize } from '../../../memo';
import { describePackages, packageInvocations, packageOperands, subcommandEnd, type PackageInvocation, type PackageManager, type PackageOperand } from './packageCommands';

/** Invocations of `managers` whose subcommand is one of `subcommands` (empty list: any subcommand). */
export function invocationsOf(model: DockerfileModel, managers: readonly PackageManager[], subcommands: readonly string[] = []): PackageInvocation[] {
  const all = packageInvocations(model);
  // Several package rules ask the same question; the filtered list is shared (read-only).
  return memoize(all, `packageInvocations:${managers.join(',')}|${subcommands.join(',')}`, () =>
    all.filter((i) => managers.includes(i.manager) && (subcommands.length === 0 || subcommands.includes(i.subcommand))),
  );
}

/** Fix that inserts ` <flag>` right after the subcommand word; none for exec form. */
export function insertFlagFix(invocation: PackageInvocation, flag: string): OffsetFix[] | undefined {
  if (!invocation.editable) return undefined;
  const at = subcommandEnd(invocation);
  return [{ title: `Add ${flag}`, edits: [{ start: at, end: at, newText: ` ${flag}` }], isPreferred: true }];
}

/** One report per invocation, anchored at its first unpinned package; the message names them all. */
export function unpinnedReport(invocation: PackageInvocation, unpinned: PackageOperand[], command: string, advice: string): Report {
  const first = unpinned[0].word;
  return {
    start: first.start,
    end: first.end,
    message: `${command} without pinned versions: ${describePackages(unpinned)} — ${advice}`,
  };
}

/** Operands of the invocation that `isPinned` rejects. */
export function unpinnedOperands(model: DockerfileModel, invocation: PackageInvocation, isPinned: (value: string) => boolean): PackageOperand[] {
  return packageOperands(model, invocation).filter((o) => !isPinned(o.value));
}

/** `apt-get install`, `pip3 install`, as written, for messages. */
export function commandLabel(invocation: PackageInvocation): string {
  const program = invocation.manager === 'uv-pip' ? 'uv pip' : invocation.program.text.replace(/^.*\//, '');
  return invocation.subcommand ? `${program} ${invocation.subcommand}` : program;
}
