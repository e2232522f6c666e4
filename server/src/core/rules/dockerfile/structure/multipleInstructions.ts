/**
 * Shared logic of multiple-cmd, multiple-entrypoint and multiple-healthcheck: within one stage only
 * the last instruction of the kind takes effect, so the earlier ones are reported (as BuildKit does)
 * with a fix that deletes them.
 */
import type { DockerfileModel } from '../../../documents/dockerfile';
import type { Report } from '../../../rule';
import { deleteInstructionEdit } from '../helpers';

export function reportOverridden(model: DockerfileModel, keyword: string, report: (r: Report) => void): void {
  for (const stage of model.stages) {
    const same = stage.instructions.filter((i) => i.keyword === keyword);
    const last = same.at(-1);
    if (!last || same.length < 2) continue;
    for (const instruction of same.slice(0, -1)) {
      const line = model.lines.positionAt(last.start).line + 1;
      report({
        start: instruction.keywordStart,
        end: Math.min(model.lines.lineEnd(model.lines.positionAt(instruction.start).line), instruction.end),
        message: `This ${keyword} has no effect: the ${keyword} on line ${line} in the same stage overrides it; keep only one.`,
        fixes: [{ title: `Remove the overridden ${keyword}`, edits: [deleteInstructionEdit(model, instruction)], isPreferred: true }],
      });
    }
  }
  // Instructions before any FROM form no stage, but several of them are still contradictory.
  const loose = model.instructions.filter((i) => !i.stage && i.keyword === keyword);
  for (const instruction of loose.slice(0, -1)) {
    report({
      start: instruction.keywordStart,
      end: instruction.keywordEnd,
      message: `This ${keyword} has no effect: a later ${keyword} overrides it; keep only one.`,
      fixes: [{ title: `Remove the overridden ${keyword}`, edits: [deleteInstructionEdit(model, instruction)], isPreferred: true }],
    });
  }
}
