import type { DockerfileRule } from '../../../rule';
import { cacheMountTargets, hasOption, commandsAfter, environmentOf, headSpan, invocationsAfter, mountCovers, packageInvocations, reachesFinalImage, removesPath } from './packageCommands';
import { invocationsOf } from './ruleKit';

const YARN_CACHE_DIRS = ['/usr/local/share/.cache/yarn', '/root/.cache/yarn', '~/.cache/yarn', '$HOME/.cache/yarn', '/root/.yarn/berry/cache'];

/** `yarn install` without `yarn cache clean` in the same RUN. */
export const yarnCacheNotCleaned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/yarn-cache-not-cleaned',
  title: 'yarn cache not cleaned after yarn install',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3060'],
  compliance: [],
  explanation: {
    what: 'A RUN in the final image runs `yarn install` (or `yarn add`) without `yarn cache clean` afterwards in the same RUN.',
    why: "yarn keeps a copy of every package tarball in its global cache; in an image that is dead weight, often as large as node_modules itself.",
    fix: '`RUN yarn install --frozen-lockfile && yarn cache clean`, or `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile`.',
  },
  fixtures: [
    { text: 'FROM node:22\nRUN yarn install --frozen-lockfile\n', expect: ['yarn install'] },
    { text: 'FROM node:22\nRUN yarn cache clean && yarn install\n', expect: ['yarn install'] },
    { text: 'FROM node:22\nRUN yarn install --frozen-lockfile && yarn cache clean\nRUN yarn build\n', expect: [] },
    { text: 'FROM node:22\nRUN --mount=type=cache,target=/root/.cache/yarn yarn install && yarn --version\n', expect: [] },
    { text: 'FROM node:22\nONBUILD RUN yarn\n', expect: ['yarn'], note: 'bare yarn installs; ONBUILD runs in the child image' },
    { text: 'FROM node:22 AS build\nRUN yarn install && yarn build\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n', expect: [], note: 'builder stage' },
  ],
  check({ model, report }) {
    const all = packageInvocations(model);
    for (const invocation of invocationsOf(model, ['yarn'], ['install', '', 'add', 'global add'])) {
      if (!reachesFinalImage(model, invocation.instruction)) continue;
      if (invocation.subcommand === '' && hasOption(invocation, ['--version', '-v', '--help', '-h'])) continue;
      const cacheFolder = environmentOf(model, invocation).get('YARN_CACHE_FOLDER') ?? invocation.options.find((o) => o.name === '--cache-folder')?.value;
      if (cacheFolder && mountCovers(invocation.instruction, cacheFolder)) continue;
      if (YARN_CACHE_DIRS.some((d) => mountCovers(invocation.instruction, d))) continue;
      if (cacheMountTargets(invocation.instruction).some((t) => t.endsWith('/.cache/yarn') || t.endsWith('/.yarn/berry/cache') || t.endsWith('/.cache'))) continue;
      if (invocationsAfter(all, invocation).some((i) => i.manager === 'yarn' && i.subcommand === 'cache' && i.operands[0]?.text === 'clean')) continue;
      if (commandsAfter(invocation).some((c) => removesPath(c, cacheFolder ? [...YARN_CACHE_DIRS, cacheFolder] : YARN_CACHE_DIRS))) continue;
      report({ ...headSpan(invocation), message: `yarn ${invocation.subcommand || 'install'} without yarn cache clean in the same RUN leaves the yarn cache in the image.` });
    }
  },
};
