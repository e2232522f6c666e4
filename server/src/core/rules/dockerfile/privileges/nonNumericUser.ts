import type { DockerfileRule } from '../../../rule';
import { finalUser, isRootUser } from './finalUser';

/** `USER app`: Kubernetes cannot tell from a name whether the user is root. */
export const nonNumericUser: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/non-numeric-user',
  title: 'Final USER is a name, not a numeric UID',
  severity: 'info',
  category: 'privileges',
  equivalents: ['hadolint:DL3066'],
  compliance: ['CIS-Docker-4.1'],
  // Off by default: hadolint's DL3066 turned many CI runs red (jenkins-infra/pipeline-library#1038);
  // it only matters where runAsNonRoot is enforced.
  enabledByDefault: false,
  fixable: false,
  explanation: {
    what:
      'The user the final image runs as is given by name (`USER app`) instead of a numeric UID. Only the effective final ' +
      'USER is checked: names in build stages never reach a pod. `USER root` is left to `dockerfile/root-user`.',
    why:
      'Kubernetes `runAsNonRoot: true` can only verify numeric users: with a name the kubelet refuses to start the pod ' +
      '("image has non-numeric user, cannot verify user is non-root"). A name also depends on the image\'s `/etc/passwd`.',
    fix: 'Create the user with a fixed UID and refer to it by number:\n\n```dockerfile\nRUN useradd -r -u 10001 app\nUSER 10001:10001\n```',
  },
  fixtures: [
    { text: 'FROM debian:12\nUSER foobar\n', expect: ['foobar'] },
    { text: 'FROM debian:12\nUSER foobar:barfoo\n', expect: ['foobar:barfoo'] },
    { text: 'FROM debian:12\nUSER 12345\n', expect: [] },
    { text: 'FROM debian:12\nUSER 1234:5678\n', expect: [] },
    { text: 'ARG APP_UID\nFROM debian:12\nUSER ${APP_UID}\n', expect: [], note: 'a variable may well be numeric' },
    { text: 'FROM debian:12 AS build\nUSER builder\nFROM debian:12\nUSER 10001\n', expect: [], note: 'build-stage users do not reach the pod' },
    { text: 'FROM debian:12\nUSER root\n', expect: [], note: 'reported by dockerfile/root-user' },
  ],
  check({ model, report }) {
    const effective = finalUser(model);
    if (!effective?.user || /^\d+$/.test(effective.user) || isRootUser(effective.user)) return;
    report({
      start: effective.span.start,
      end: effective.span.end,
      message: `USER "${effective.written}" is a name; Kubernetes runAsNonRoot cannot verify it — use the numeric UID (e.g. "USER 10001").`,
      evidence: effective.resolved,
    });
  },
};
