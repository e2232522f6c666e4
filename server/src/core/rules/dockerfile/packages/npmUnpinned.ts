import type { DockerfileRule } from '../../../rule';
import type { PackageInvocation } from './packageCommands';
import { commandLabel, invocationsOf, unpinnedOperands, unpinnedReport } from './ruleKit';

const MOVING_VERSIONS = new Set(['', 'latest', '*', 'x']);

/** An npm package spec that fixes what gets installed. */
export function isPinnedNpmSpec(value: string): boolean {
  if (/^(git(\+[a-z]+)?:\/\/|git\+|github:|gitlab:|bitbucket:|gist:)/i.test(value)) return value.includes('#');
  if (/^(https?:\/\/|file:)/i.test(value)) return true;
  if (/^(\.{1,2}\/|\/|~\/|\.$)/.test(value) || /\.(tgz|tar|tar\.gz)$/i.test(value)) return true;
  const at = value.indexOf('@', value.startsWith('@') ? 1 : 0);
  if (at < 0) {
    // `user/repo` is a GitHub shorthand: pinned only with `#ref`.
    return !value.startsWith('@') && value.includes('/') ? value.includes('#') : false;
  }
  const version = value.slice(at + 1);
  if (version.startsWith('npm:')) return isPinnedNpmSpec(version.slice(4));
  return !MOVING_VERSIONS.has(version.trim());
}

function installsNamedPackages(invocation: PackageInvocation): boolean {
  switch (invocation.manager) {
    case 'npm':
      return ['install', 'i', 'add', 'isntall', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal'].includes(invocation.subcommand);
    case 'yarn':
      return invocation.subcommand === 'add' || invocation.subcommand === 'global add';
    case 'pnpm':
      return ['add', 'install', 'i'].includes(invocation.subcommand);
    default:
      return false;
  }
}

/** `npm install express` without a version. */
export const npmUnpinned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/npm-unpinned',
  title: 'npm/yarn/pnpm install of a named package without a version',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: ['hadolint:DL3016'],
  compliance: ['CIS-Docker-4.11', 'CWE-1357', 'CWE-494'],
  explanation: {
    what: '`npm install <pkg>` (also `yarn add`, `pnpm add`) names a package without a version, with `@latest`, or a git URL without a `#ref`.',
    why:
      'The registry decides what gets installed at build time. Hijacked maintainer accounts and malicious releases on npm ' +
      '(event-stream, ua-parser-js, the 2025 "shai-hulud" worm) reached users precisely through unpinned installs.',
    fix:
      'Pin exact versions (`npm install -g typescript@5.6.3`), pin git dependencies to a tag or commit (`…/repo.git#v1.0.27`), ' +
      'or install the project from its lockfile with `npm ci`. Plain `npm install` without package names uses package.json and is not reported here.',
  },
  fixtures: [
    { text: 'FROM node:22\nRUN npm install -g express sax@0.1.1\n', expect: ['express'] },
    { text: 'FROM node:22\nRUN npm install --registry https://registry.example express@4.19.2 @myorg/pkg@">=0.1.0 <0.2.0" ./folder pkg-1.0.tgz\n', expect: [] },
    { text: 'FROM node:22\nRUN npm install git+https://github.com/npm/cli.git\n', expect: ['git+https'] },
    { text: 'FROM node:22\nRUN npm install -g pnpm@latest && yarn global add serve\n', expect: ['pnpm@latest', 'serve'] },
    { text: 'FROM node:22\nRUN npm install && npm run --silent install\n', expect: [], note: 'installing from package.json; npm run is not an install' },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['npm', 'yarn', 'pnpm'])) {
      if (!installsNamedPackages(invocation)) continue;
      const unpinned = unpinnedOperands(model, invocation, isPinnedNpmSpec);
      if (unpinned.length === 0) continue;
      report(unpinnedReport(invocation, unpinned, commandLabel(invocation), 'pin them as name@version (git URLs as …#tag).'));
    }
  },
};
