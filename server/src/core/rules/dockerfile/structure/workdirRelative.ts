import type { DockerfileRule } from '../../../rule';
import type { DockerInstruction, DockerStage } from '../../../documents/dockerfile';
import { isAbsoluteOrDynamic, stageChain } from './util';
import { instructionsWith } from '../helpers';

/** `WORKDIR app` with no absolute WORKDIR before it: the result depends on the base image's working directory. */
export const workdirRelative: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/workdir-relative',
  title: 'Relative WORKDIR without an absolute WORKDIR before it',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL3000', 'checkov:CKV_DOCKER_10', 'trivy:DS-0009', 'buildkit:WorkdirRelativePath', 'dockerfile-utils:WORKDIR_IS_NOT_ABSOLUTE'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A `WORKDIR` with a relative path, in a stage where no absolute `WORKDIR` was set before (in the stage or the stages it builds on).',
    why:
      'A relative WORKDIR is resolved against the working directory of the base image, which you do not control: ' +
      'when the base image changes its WORKDIR, your files silently land somewhere else. ' +
      'Once an absolute WORKDIR is set in the build, a relative one after it is well defined and not reported (as BuildKit does); ' +
      'set the rule option `everyRelative: true` to report every relative WORKDIR, as hadolint, Trivy and Checkov do.',
    fix: 'Use an absolute path, or set one first:\n\n```dockerfile\nWORKDIR /app\nWORKDIR src   # /app/src\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nWORKDIR app/\n', expect: ['app/'] },
    { text: 'FROM alpine:3.20\nWORKDIR "relative/dir"\n', expect: ['"relative/dir"'] },
    { text: 'FROM alpine:3.20\nWORKDIR /app\n', expect: [] },
    { text: 'FROM alpine:3.20 AS a\nWORKDIR /app\nFROM a AS b\nWORKDIR subdir/\n', expect: [], note: 'absolute WORKDIR inherited from the parent stage' },
    { text: 'FROM alpine:3.20\nWORKDIR /app\nWORKDIR src\n', expect: ['src'], config: { options: { everyRelative: true } }, note: 'hadolint/Trivy semantics on request' },
    { text: 'FROM alpine:3.20 AS a\nWORKDIR /app\nFROM alpine:3.20\nWORKDIR subdir/\n', expect: ['subdir/'], note: 'an unrelated stage does not count' },
    { text: 'FROM alpine:3.20\nWORKDIR $HOME\nWORKDIR ${dir}/x\n', expect: [], note: 'variables are not judged' },
    { text: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nWORKDIR C:\\app\r\nWORKDIR "C:/"\r\n', expect: [], note: 'Windows paths, CRLF' },
    { text: 'FROM alpine:3.20\nONBUILD WORKDIR app\n', expect: ['app'], note: 'ONBUILD triggers too' },
  ],
  check({ model, report, config }) {
    // `everyRelative: true` reports every relative WORKDIR, as hadolint, Trivy and Checkov do.
    const everyRelative = config.options?.everyRelative === true;
    // WORKDIRs (ONBUILD triggers included) of each stage in file order, gathered once rather than per stage of each chain.
    const workdirsOf = new Map<DockerStage, DockerInstruction[]>();
    for (const instruction of instructionsWith(model, ['WORKDIR'])) {
      if (!instruction.stage) continue;
      const list = workdirsOf.get(instruction.stage);
      if (list) list.push(instruction);
      else workdirsOf.set(instruction.stage, [instruction]);
    }
    for (const stage of model.stages) {
      const chain = stageChain(stage).reverse();
      let absoluteSeen = false;
      for (const s of chain) {
        for (const instruction of workdirsOf.get(s) ?? []) {
          const argument = instruction.args[0];
          if (!argument) continue;
          const path = model.text.slice(argument.start, instruction.args.at(-1)!.end);
          if (isAbsoluteOrDynamic(path)) {
            absoluteSeen = true;
            continue;
          }
          // Findings belong to the stage that holds the instruction; inherited ones were reported there.
          if (s !== stage || (absoluteSeen && !everyRelative)) continue;
          report({
            start: argument.start,
            end: instruction.args.at(-1)!.end,
            message: `WORKDIR "${path}" is relative and no absolute WORKDIR was set before it; it depends on the base image's working directory — use an absolute path.`,
          });
        }
      }
    }
    // WORKDIR before any FROM cannot be judged against a stage; report it as relative when it is.
    for (const instruction of model.instructions) {
      if (instruction.stage || instruction.keyword !== 'WORKDIR' || !instruction.args[0]) continue;
      const path = model.text.slice(instruction.args[0].start, instruction.args.at(-1)!.end);
      if (!isAbsoluteOrDynamic(path))
        report({ start: instruction.args[0].start, end: instruction.args.at(-1)!.end, message: `WORKDIR "${path}" is relative; use an absolute path.` });
    }
  },
};
