import type { DockerfileRule } from '../../../rule';
import type { DockerInstruction } from '../../../documents/dockerfile';
import { copyOperands, isAbsoluteOrDynamic, stageChain } from './util';

/** `COPY app.py app.py` with no WORKDIR: the destination depends on the base image's working directory. */
export const copyRelativeDestinationWithoutWorkdir: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/copy-relative-destination-without-workdir',
  title: 'COPY to a relative destination without WORKDIR',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL3045'],
  compliance: [],
  fixable: false,
  explanation: {
    what: '`COPY` to a relative destination in a stage where no `WORKDIR` was set (in the stage or the stages it builds on).',
    why: "The destination is resolved against the base image's working directory; when the base image changes it, your files end up elsewhere.",
    fix: 'Set the directory first, or copy to an absolute path:\n\n```dockerfile\nWORKDIR /app\nCOPY app.py .\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nCOPY app.py app.py\n', expect: ['app.py app.py'] },
    { text: 'FROM alpine:3.20\nWORKDIR /app\nCOPY app.py app.py\n', expect: [] },
    { text: 'FROM alpine:3.20 AS base\nWORKDIR /usr\nFROM alpine:3.20\nCOPY foo bar\n', expect: ['foo bar'], note: 'WORKDIR of an unrelated stage' },
    { text: 'FROM alpine:3.20 AS base\nWORKDIR /usr\nFROM base\nCOPY foo bar\n', expect: [], note: 'inherited WORKDIR' },
    { text: 'FROM alpine:3.20\nCOPY a.sh /usr/local/bin/\nCOPY b.sh "$DEST"\nCOPY c.sh c:\\tools\\c.sh\n', expect: [] },
    { text: 'FROM alpine:3.20\nONBUILD WORKDIR /usr/lib\nONBUILD COPY foo bar\n', expect: [], note: 'ONBUILD WORKDIR before ONBUILD COPY' },
    { text: 'FROM alpine:3.20\nCOPY ["a.txt", "b.txt"]\n', expect: ['a.txt"'], note: 'JSON form' },
  ],
  check({ model, report }) {
    const ordered = model.instructionsWithTriggers;
    // A WORKDIR counts when it comes earlier in this stage or a stage this one builds on; an ONBUILD
    // WORKDIR only runs downstream, so it counts for ONBUILD COPY only.
    const workdirs: { instruction: DockerInstruction; position: number }[] = [];
    ordered.forEach((i, position) => {
      if (i.keyword === 'WORKDIR' && i.stage) workdirs.push({ instruction: i, position });
    });
    const hasWorkdirBefore = (instruction: DockerInstruction, position: number): boolean => {
      if (workdirs.length === 0 || workdirs[0].position >= position) return false;
      const chain = stageChain(instruction.stage);
      for (const { instruction: i, position: n } of workdirs) {
        if (n >= position) break;
        if (chain.includes(i.stage!) && (!i.onbuild || !!instruction.onbuild)) return true;
      }
      return false;
    };
    ordered.forEach((instruction, position) => {
      if (instruction.keyword !== 'COPY') return;
      const { sources, destination } = copyOperands(model, instruction);
      if (!destination || sources.length === 0 || isAbsoluteOrDynamic(destination.raw)) return;
      if (hasWorkdirBefore(instruction, position)) return;
      const first = sources.find((s) => s.end > s.start) ?? destination;
      report({
        start: first.start,
        end: destination.end,
        message: `COPY to the relative destination "${destination.value}" without a WORKDIR; set WORKDIR first or use an absolute destination.`,
      });
    });
  },
};
