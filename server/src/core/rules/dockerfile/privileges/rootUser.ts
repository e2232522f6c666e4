import type { DockerfileRule } from '../../../rule';
import { finalUser, isRootUser } from './finalUser';

/** The final image's effective USER is root. */
export const rootUser: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/root-user',
  title: 'Final image runs as root',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['hadolint:DL3002', 'checkov:CKV_DOCKER_8', 'trivy:DS-0002'],
  compliance: ['CIS-Docker-4.1', 'CWE-250'],
  fixable: false,
  explanation: {
    what:
      'The last `USER` that applies to the final image (in the final stage, or inherited through `FROM <stage>`) is ' +
      '`root`, `0`, `root:<group>` or `0:<gid>`. `USER root` in a build stage that the final image does not build on is ' +
      'not reported: it never reaches the shipped image.',
    why:
      'A process running as root inside the container is root on the container\'s filesystem and, after any container ' +
      'escape or with a mounted host path or socket, much closer to root on the host. Most applications need no privileges at all.',
    fix:
      'Do the privileged work (package installs, chown) first, then switch to an unprivileged user, numerically so that ' +
      'Kubernetes `runAsNonRoot` can verify it:\n\n```dockerfile\nRUN useradd -r -u 10001 -g 0 app && chown -R 10001:0 /app\nUSER 10001:0\n```',
  },
  fixtures: [
    { text: 'FROM debian:12\nUSER root\n', expect: ['root'] },
    { text: 'FROM debian:12\nUSER 0:0\n', expect: ['0:0'] },
    { text: 'FROM debian:12\nUSER root:root\n', expect: ['root:root'] },
    { text: 'FROM debian:12\nUSER root\nRUN apt-get update\nUSER app\n', expect: [], note: 'switches back' },
    { text: 'FROM debian:12 AS base\nUSER root\nRUN make\nFROM base\nRUN make test\n', expect: ['root'], note: 'inherited via FROM <stage>' },
    {
      text: 'FROM debian:12 AS build\nUSER root\nRUN make\nFROM gcr.io/distroless/static:nonroot\nUSER 65532\nCOPY --from=build /out /app\n',
      expect: [],
      note: 'root only in a build stage the final image does not inherit (trivy#1620/#3966)',
    },
    { text: 'FROM debian:12\nUSER 10001:0\n', expect: [], note: 'group 0 is not root' },
    { text: 'ARG RUN_AS=root\nFROM debian:12\nARG RUN_AS\nUSER ${RUN_AS}\n', expect: ['${RUN_AS}'], note: 'ARG default' },
    { text: 'FROM debian:12\nARG RUN_AS\nUSER $RUN_AS\n', expect: [], note: 'unknown value' },
    { text: 'FROM debian:12\nUSER app\nONBUILD USER root\n', expect: [], note: 'ONBUILD applies to child images' },
    { text: 'FROM debian:12\r\nuser root\r\n', expect: ['root'], note: 'CRLF, lower-case keyword' },
  ],
  check({ model, report }) {
    const effective = finalUser(model);
    if (!effective?.user || !isRootUser(effective.user)) return;
    const inherited = !effective.stage || effective.stage.isFinal ? '' : ` (set in stage "${effective.stage.name ?? effective.stage.index}", which the final stage builds on)`;
    report({
      start: effective.span.start,
      end: effective.span.end,
      message: `The final image runs as root ("USER ${effective.written}")${inherited}; add an unprivileged user and end with e.g. "USER 10001".`,
      evidence: effective.resolved,
    });
  },
};
