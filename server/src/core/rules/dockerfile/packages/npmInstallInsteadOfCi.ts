import type { DockerfileRule } from '../../../rule';
import { hasOption, packageOperands } from './packageCommands';
import { invocationsOf } from './ruleKit';

const NPM_INSTALL = ['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall'];

/** `npm install` of the project in an image build instead of `npm ci`. */
export const npmInstallInsteadOfCi: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/npm-install-instead-of-ci',
  title: 'npm install used instead of npm ci',
  severity: 'info',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CWE-1357'],
  fixable: true,
  explanation: {
    what: 'A RUN installs the project dependencies with `npm install` (no package names) instead of `npm ci`.',
    why:
      '`npm install` may resolve newer versions than the lockfile records and rewrites it, so the image can contain dependencies nobody reviewed. ' +
      '`npm ci` installs exactly the lockfile, verifies its integrity hashes and fails when package.json and the lockfile disagree.',
    fix: '```dockerfile\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n```\n`npm ci` needs a package-lock.json (or npm-shrinkwrap.json) in the build context.',
  },
  fixtures: [
    { text: 'FROM node:22\nCOPY package*.json ./\nRUN npm install --omit=dev\n', expect: ['install --omit'], fixed: 'FROM node:22\nCOPY package*.json ./\nRUN npm ci --omit=dev\n' },
    { text: 'FROM node:22\nRUN npm ci && npm install -g serve@14.2.4 && npm install left-pad@1.3.0\n', expect: [] },
    { text: 'FROM node:22\nRUN npm install --no-package-lock\n', expect: [], note: 'no lockfile to install from' },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['npm'], NPM_INSTALL)) {
      if (hasOption(invocation, ['-g', '--global', '--no-package-lock', '--package-lock-only'])) continue;
      if (invocation.options.some((o) => o.name === '--package-lock' && o.value === 'false')) continue;
      if (invocation.operands.length > 0 || packageOperands(model, invocation).length > 0) continue;
      const word = invocation.subcommandWords[0];
      report({
        start: word.start,
        end: word.end,
        message: 'npm install in an image build may drift from package-lock.json; use npm ci to install exactly the locked dependencies.',
        fixes: invocation.editable ? [{ title: 'Use npm ci', edits: [{ start: word.start, end: word.end, newText: 'ci' }], isPreferred: true }] : undefined,
      });
    }
  },
};
