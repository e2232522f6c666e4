import type { DockerfileRule } from '../../../rule';
import { commandsAfter, hasOption, headSpan, mountCovers, reachesFinalImage, removesPath } from './packageCommands';
import { insertFlagFix, invocationsOf } from './ruleKit';

/** `apk add` without `--no-cache` keeps the index in the layer. */
export const apkAddWithoutNoCache: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/apk-add-without-no-cache',
  title: 'apk add without --no-cache',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3019', 'trivy:DS-0025'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`apk add` runs without `--no-cache` in a layer of the final image.',
    why: 'The package index and cache stay in `/var/cache/apk`, growing the image for nothing.',
    fix: '`RUN apk add --no-cache curl` (this also replaces `apk update` / `--update` and `rm -rf /var/cache/apk/*`). A BuildKit cache mount on `/var/cache/apk` works too.',
  },
  fixtures: [
    { text: 'FROM alpine:3.19\nRUN apk add curl=8.5.0-r0\n', expect: ['apk add'], fixed: 'FROM alpine:3.19\nRUN apk add --no-cache curl=8.5.0-r0\n' },
    { text: 'FROM alpine:3.19\nRUN apk --no-cache add curl && apk add -U git && rm -rf /var/cache/apk/*\n', expect: [] },
    { text: 'FROM alpine:3.19\nRUN --mount=type=cache,target=/var/cache/apk apk add -U curl\n', expect: [] },
    { text: 'FROM alpine:3.19 AS build\nRUN apk add gcc\nFROM alpine:3.19\nCOPY --from=build /app /app\n', expect: [], note: 'builder stage' },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['apk'], ['add'])) {
      if (hasOption(invocation, ['--no-cache'])) continue;
      if (!reachesFinalImage(model, invocation.instruction)) continue;
      if (mountCovers(invocation.instruction, '/var/cache/apk')) continue;
      if (commandsAfter(invocation).some((c) => removesPath(c, ['/var/cache/apk']))) continue;
      report({ ...headSpan(invocation), message: 'apk add without --no-cache leaves the package cache in the image.', fixes: insertFlagFix(invocation, '--no-cache') });
    }
  },
};
