import type { DockerfileRule } from '../../../rule';
import type { DockerInstruction } from '../../../documents/dockerfile';
import { copyOperands, flagOf } from '../remote/copyOperands';
import { invocationsOf, scanOptions } from './invocations';

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

function resolve(workdir: string, path: string): string {
  return normalize(path.startsWith('/') ? path : `${workdir}/${path}`);
}

/** `COPY src /app` then `RUN chown -R user /app`: ownership set in a second layer that duplicates the files. */
export const chownAfterCopy: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/chown-after-copy',
  title: 'chown of just-copied files instead of COPY --chown',
  severity: 'info',
  category: 'best-practice',
  equivalents: [],
  compliance: [],
  explanation: {
    what: 'A RUN that runs `chown` on a path a COPY or ADD of the same stage just wrote (without `--chown`).',
    why: 'Changing ownership rewrites every file into a new layer, so the image carries the copied files twice and gets slower to build and pull.',
    fix: 'Set the owner while copying:\n\n```dockerfile\nCOPY --chown=app:app . /app\n```',
  },
  fixtures: [
    { text: 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN chown -R node:node /app\n', expect: ['chown'] },
    { text: 'FROM node:22\nCOPY dist/ /srv/www/\nRUN npm i -g serve && chown -R node /srv/www\n', expect: ['chown'] },
    { text: 'FROM node:22\nCOPY --chown=node:node . /app\nRUN chown node /data\n', expect: [] },
    { text: 'FROM node:22\nCOPY . /app\nFROM node:22\nRUN chown -R node /app\n', expect: [], note: 'another stage' },
  ],
  check({ model, report }) {
    for (const stage of model.stages) {
      // Only a chown in one of the stage's RUNs can be reported; most stages have none.
      if (!stage.instructions.some((i) => i.keyword === 'RUN' && invocationsOf(i).some((inv) => inv.program === 'chown'))) continue;
      let workdir = '/';
      const copied = new Map<string, DockerInstruction>();
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'WORKDIR' && instruction.args[0] && !instruction.args[0].value.includes('$')) {
          workdir = resolve(workdir, instruction.args[0].value);
        } else if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && !flagOf(instruction, 'chown')) {
          const operands = copyOperands(model, instruction);
          if (operands && !operands.dest.value.includes('$')) copied.set(resolve(workdir, operands.dest.value), instruction);
        } else if (instruction.keyword === 'RUN' && copied.size > 0) {
          for (const inv of invocationsOf(instruction)) {
            if (inv.program !== 'chown') continue;
            const { operands } = scanOptions(inv.args, { longWithValue: ['--from', '--reference'] });
            const hit = operands.slice(1).map((o) => resolve(workdir, o.text)).find((p) => copied.has(p));
            if (!hit) continue;
            const copy = copied.get(hit)!;
            report({
              start: inv.nameWord.start,
              end: inv.command?.end ?? inv.nameWord.end,
              message: `chown of ${hit}, copied by the ${copy.keyword} on line ${copy.line + 1}, duplicates those files in a new layer; use ${copy.keyword} --chown=${operands[0]?.text ?? '<user>:<group>'} instead.`,
            });
          }
        }
      }
    }
  },
};
