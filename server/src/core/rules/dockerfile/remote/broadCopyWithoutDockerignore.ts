import type { DockerfileRule } from '../../../rule';
import { copyOperands, flagOf } from './copyOperands';
import { instructionsWith } from '../helpers';

const WHOLE_CONTEXT = /^(\.|\.\/|\*|\.\/\*|\.\/\.)$/;

/** `COPY . .` with no .dockerignore: the whole build context, .git and .env included, lands in the image. */
export const broadCopyWithoutDockerignore: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/broad-copy-without-dockerignore',
  title: 'Whole build context copied without a .dockerignore',
  severity: 'warning',
  category: 'secrets',
  equivalents: [],
  compliance: ['CIS-Docker-4.10', 'CWE-538'],
  explanation: {
    what: '`COPY . .` or `ADD . /app` (the entire build context) while the project has no `.dockerignore`.',
    why:
      'Without a .dockerignore, everything next to the Dockerfile is copied: `.git` history, `.env` files, local credentials, SSH keys, ' +
      'build output and `node_modules`. Secrets end up in an image layer that anyone who can pull the image can read.',
    fix:
      'Add a `.dockerignore` next to the build context, or copy only what the build needs:\n\n```gitignore\n# .dockerignore\n.git\n.env*\n**/*.pem\nnode_modules\n```\n\n' +
      '```dockerfile\nCOPY package.json package-lock.json ./\nCOPY src/ ./src/\n```',
  },
  fixtures: [
    { text: 'FROM node:22\nWORKDIR /app\nCOPY . .\n', expect: ['.'], project: { hasDockerignore: false } },
    { text: 'FROM node:22\nADD ./ /app\n', expect: ['./'], project: { hasDockerignore: false } },
    { text: 'FROM node:22\nCOPY . .\n', expect: [], project: { hasDockerignore: true } },
    { text: 'FROM node:22\nCOPY . .\n', expect: [], note: 'unknown project (untitled buffer): no report' },
    { text: 'FROM node:22\nCOPY --from=build . .\nCOPY src/ ./src/\n', expect: [], project: { hasDockerignore: false } },
  ],
  check({ model, project, report }) {
    if (project.hasDockerignore !== false) return;
    for (const instruction of instructionsWith(model, ['COPY', 'ADD'])) {
      if (flagOf(instruction, 'from')) continue;
      const operands = copyOperands(model, instruction);
      if (!operands) continue;
      for (const source of operands.sources) {
        if (!WHOLE_CONTEXT.test(source.value)) continue;
        report({
          start: source.start,
          end: source.end,
          message: `${instruction.keyword} ${source.value} copies the whole build context and there is no .dockerignore: .git, .env and other local secrets can end up in the image. Add a .dockerignore or copy specific paths.`,
        });
      }
    }
  },
};
