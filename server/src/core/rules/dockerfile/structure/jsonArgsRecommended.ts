import type { DockerfileRule } from '../../../rule';
import type { DockerfileModel, DockerInstruction } from '../../../documents/dockerfile';
import { simpleShellToJson, stageChain } from './util';
import { instructionsWith } from '../helpers';

function customShellBefore(model: DockerfileModel, instruction: DockerInstruction): boolean {
  const chain = new Set(stageChain(instruction.stage));
  return model.instructions.some((i) => i.keyword === 'SHELL' && !!i.stage && chain.has(i.stage) && (i.stage !== instruction.stage || i.index < instruction.index));
}

/** `CMD node app.js`: shell form makes /bin/sh PID 1, which does not forward SIGTERM. */
export const jsonArgsRecommended: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/json-args-recommended',
  title: 'CMD/ENTRYPOINT in shell form',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL3025', 'buildkit:JSONArgsRecommended'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`CMD` or `ENTRYPOINT` written in shell form (`CMD node app.js`) rather than exec form (`CMD ["node", "app.js"]`). Not reported after a custom `SHELL`, where shell form is deliberate.',
    why:
      'Shell form runs `/bin/sh -c "…"`: the shell becomes PID 1 and does not forward SIGTERM, so `docker stop` waits for the timeout and kills the ' +
      'app without a graceful shutdown. A shell-form ENTRYPOINT also ignores CMD and `docker run` arguments. (`HEALTHCHECK CMD` is a short-lived probe, ' +
      'not PID 1, so it is left to the separate, off-by-default rule dockerfile/healthcheck-shell-form.)',
    fix: 'Use the JSON array form:\n\n```dockerfile\nCMD ["node", "app.js"]\n```\nWhen you need shell features, make it explicit: `CMD ["sh", "-c", "exec node app.js \\"$PORT\\""]`.',
  },
  fixtures: [
    { text: 'FROM node:22\nCMD node app.js\n', expect: ['CMD'], fixed: 'FROM node:22\nCMD ["node", "app.js"]\n' },
    { text: 'FROM node:22\nENTRYPOINT /docker-entrypoint.sh\n', expect: ['ENTRYPOINT'], fixed: 'FROM node:22\nENTRYPOINT ["/docker-entrypoint.sh"]\n' },
    { text: 'FROM node:22\nCMD node app.js --port $PORT\n', expect: ['CMD'], note: 'needs the shell: no automatic fix' },
    { text: 'FROM node:22\nCMD ["node", "app.js"]\nENTRYPOINT [ "tini", "--" ]\n', expect: [] },
    { text: 'FROM mcr.microsoft.com/powershell AS base\nSHELL ["pwsh", "-Command"]\nFROM base\nCMD Write-Host hi\n', expect: [], note: 'custom SHELL inherited' },
    { text: 'FROM node:22\nHEALTHCHECK CMD curl -f http://localhost/\n', expect: [], note: 'HEALTHCHECK is another rule' },
    { text: 'FROM node:22\nCMD [ "/bin/sh", "-c", \\\n      "echo foo && \\\n       echo bar" \\\n    ]\n', expect: [], note: 'JSON split over lines' },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['CMD', 'ENTRYPOINT'])) {
      if (instruction.form !== 'shell' || !instruction.argsText.trim()) continue;
      if (customShellBefore(model, instruction.onbuild ?? instruction)) continue;
      const command = instruction.argsText.trim();
      const json = simpleShellToJson(command);
      // Converting changes how ENTRYPOINT and CMD combine; only offer it as preferred when nothing else is affected.
      const stageInstructions = instruction.stage?.instructions ?? [];
      const other = instruction.keyword === 'CMD' ? 'ENTRYPOINT' : 'CMD';
      const interacts = instruction.keyword === 'ENTRYPOINT' ? stageInstructions.some((i) => i.keyword === other) : stageChain(instruction.stage).some((s) => s.instructions.some((i) => i.keyword === other));
      const argsStart = instruction.argsStart + (instruction.argsText.length - instruction.argsText.trimStart().length);
      report({
        start: instruction.keywordStart,
        end: instruction.keywordEnd,
        message: `${instruction.keyword} in shell form runs under /bin/sh, which does not forward signals; use the JSON form${json ? ` ${instruction.keyword} ${json}` : ''}.`,
        fixes: json
          ? [{ title: `Convert to ${instruction.keyword} ${json}`, edits: [{ start: argsStart, end: argsStart + command.length, newText: json }], isPreferred: !interacts }]
          : undefined,
      });
    }
  },
};
