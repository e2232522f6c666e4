import type { DockerfileRule } from '../../../rule';
import type { DockerInstruction, DockerStage } from '../../../documents/dockerfile';
import { invocationsOf } from './invocations';

/** The stage's instructions with each ONBUILD trigger right after its ONBUILD. */
function withTriggers(stage: DockerStage): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  for (const i of stage.instructions) {
    out.push(i);
    if (i.trigger) out.push(i.trigger);
  }
  return out;
}

/** One stage downloading with both wget and curl (hadolint DL4001, trivy DS-0014), judged per stage. */
export const wgetAndCurl: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/wget-and-curl',
  title: 'Both wget and curl used in one stage',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL4001', 'trivy:DS-0014'],
  compliance: ['CIS-Docker-4.3'],
  explanation: {
    what: 'RUN instructions of the same stage use both `wget` and `curl`. Different stages may use different tools.',
    why: 'Two download tools mean two packages to install, patch and scan, and two sets of flags (TLS, retries, redirects) to get right.',
    fix: 'Pick one (curl is present in most base images) and use it throughout the stage:\n\n```dockerfile\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\n```',
  },
  fixtures: [
    { text: 'FROM node:22 AS foo\nRUN wget my.xyz\nRUN curl localhost\n', expect: ['curl localhost'] },
    { text: 'FROM node:22\nRUN wget my.xyz\nRUN curl my.xyz\nRUN echo hello\nRUN wget foo.com\n', expect: ['curl my', 'wget foo'] },
    { text: 'FROM node:22\nRUN wget my.xyz && curl localhost\n', expect: ['curl localhost'] },
    { text: 'FROM node:22 AS foo\nRUN wget my.xyz\nFROM scratch\nRUN curl localhost\n', expect: [], note: 'per stage (trivy#10333)' },
  ],
  check({ model, report }) {
    const groups: DockerInstruction[][] = model.stages.length > 0 ? model.stages.map(withTriggers) : [model.instructionsWithTriggers];
    for (const instructions of groups) {
      const firstUse = new Map<string, DockerInstruction>();
      for (const instruction of instructions) {
        if (instruction.keyword !== 'RUN') continue;
        const tools = invocationsOf(instruction).filter((inv) => inv.program === 'wget' || inv.program === 'curl');
        if (tools.length === 0) continue;
        for (const t of tools) if (!firstUse.has(t.program)) firstUse.set(t.program, instruction);
        if (firstUse.size < 2) continue;
        const firstTool = [...firstUse.keys()][0];
        const shown = tools.find((t) => t.program !== firstTool) ?? tools[0];
        const other = shown.program === 'curl' ? 'wget' : 'curl';
        const otherAt = firstUse.get(other)!;
        const where = otherAt === instruction ? 'in this RUN too' : `on line ${otherAt.line + 1}`;
        report({
          start: shown.nameWord.start,
          end: shown.nameWord.end,
          message: `This stage downloads with both ${shown.program} and ${other} (${other} ${where}); standardise on one tool.`,
        });
      }
    }
  },
};
