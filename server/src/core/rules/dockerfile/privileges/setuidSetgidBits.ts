import type { DockerfileRule } from '../../../rule';
import { modeSettings } from './permissions';

/** `chmod u+s`, `chmod 4755`, `COPY --chmod=4755`: a new privilege-escalation path. */
export const setuidSetgidBits: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/setuid-setgid-bits',
  title: 'setuid/setgid bit added',
  severity: 'warning',
  category: 'privileges',
  equivalents: [],
  compliance: ['CIS-Docker-4.8', 'CWE-250'],
  fixable: false,
  explanation: {
    what:
      'A build step sets the setuid or setgid bit: `chmod u+s` / `g+s` / `+s`, an octal mode with 4xxx/2xxx/6xxx, ' +
      '`install -m 4755`, or `COPY`/`ADD --chmod=4755`.',
    why:
      'A setuid-root binary runs as root whoever starts it, so any flaw in it turns a compromised unprivileged process ' +
      'into root, defeating `USER`. CIS Docker 4.8 asks to remove these bits, not add them. On a directory, `g+s` only ' +
      'makes new files inherit the group; suppress the finding if that is what you meant.',
    fix:
      'Grant the specific capability instead, or run the step as root at build time:\n\n' +
      '```dockerfile\nRUN setcap cap_net_bind_service=+ep /usr/local/bin/server\n```\n\n' +
      'and strip existing bits from the base image: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true`.',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN chmod u+s /usr/bin/tool\n', expect: ['u+s'] },
    { text: 'FROM debian:12\nRUN chmod 4755 /usr/local/bin/helper\n', expect: ['4755'] },
    { text: 'FROM debian:12\nCOPY --chmod=6755 helper /usr/local/bin/\n', expect: ['6755'] },
    { text: 'FROM debian:12\nRUN chmod +s /bin/ping\n', expect: ['+s'] },
    { text: 'FROM debian:12\nRUN chmod 0755 /app && chmod a-s /usr/bin/* && chmod 1777 /tmp\n', expect: [], note: 'stripping is good; sticky is not setuid' },
    { text: 'FROM debian:12\nRUN install -m 4755 tool /usr/bin/tool\n', expect: ['4755'] },
  ],
  check({ model, report }) {
    for (const setting of modeSettings(model)) {
      const { setuid, setgid } = setting.effect;
      if (!setuid && !setgid) continue;
      const bits = setuid && setgid ? 'setuid and setgid bits' : setuid ? 'the setuid bit' : 'the setgid bit';
      const target = setting.targets.length ? ` on ${setting.targets.join(' ')}` : '';
      report({
        start: setting.modeSpan.start,
        end: setting.modeSpan.end,
        message: `${setting.via} ${setting.mode}${target} sets ${bits}: the file runs with its owner's (often root's) privileges for any user; use a capability (setcap) or a root build step instead.`,
        evidence: setting.mode,
      });
    }
  },
};
