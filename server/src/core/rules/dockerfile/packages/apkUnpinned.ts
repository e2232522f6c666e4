import type { DockerfileRule } from '../../../rule';
import { isLocalPath } from './packageCommands';
import { commandLabel, invocationsOf, unpinnedOperands, unpinnedReport } from './ruleKit';

/** `apk add curl` without a version constraint. */
export const apkUnpinned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/apk-unpinned',
  title: 'apk add without pinned package versions',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3018'],
  compliance: ['CWE-1357'],
  explanation: {
    what: '`apk add` names packages without a version constraint (`curl` instead of `curl=8.5.0-r0` or `curl~8.5`).',
    why:
      'Every rebuild takes whatever the Alpine mirror holds that day, so builds are not reproducible and upgrades slip in ' +
      'unreviewed. Alpine removes old package versions from its mirrors, so exact pins need regular updates; `~` keeps patch releases.',
    fix: 'Pin each package: `apk add --no-cache curl=8.5.0-r0 git~2.43`. `--virtual` names and local `.apk` files need no pin.',
  },
  fixtures: [
    { text: 'FROM alpine:3.19\nRUN apk add --no-cache curl=8.5.0-r0 git\n', expect: ['git'] },
    { text: 'FROM alpine:3.19\nRUN apk add --no-cache --virtual .build-deps -X https://dl-cdn.alpinelinux.org/alpine/edge/testing gcc~13 "musl-dev>=1.2"\n', expect: [], note: '--virtual and -X take values' },
    { text: 'FROM alpine:3.19\nRUN apk --no-cache add ./local-1.0.apk\n', expect: [] },
    { text: 'FROM alpine:3.19\nONBUILD RUN apk add --no-cache bash\n', expect: ['bash'] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['apk'], ['add'])) {
      const unpinned = unpinnedOperands(model, invocation, (v) => /[=~<>]/.test(v) || v.endsWith('.apk') || isLocalPath(v));
      if (unpinned.length === 0) continue;
      report(unpinnedReport(invocation, unpinned, commandLabel(invocation), 'pin them as name=version or name~version.'));
    }
  },
};
