import type { DockerfileRule } from '../../../rule';
import { hasFlag } from '../../../documents/shell';
import { runCommands } from '../helpers';

/** Passwords set (or removed) during the build end up in the image and its history. */
export const chpasswd: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/chpasswd',
  title: 'Password set or removed in RUN',
  severity: 'warning',
  category: 'secrets',
  equivalents: ['checkov:CKV2_DOCKER_17'],
  compliance: ['CIS-Docker-4.10', 'CWE-798', 'CWE-259'],
  fixable: false,
  explanation: {
    what:
      'A `RUN` sets or deletes an account password: `chpasswd`, `chgpasswd`, `passwd --stdin`, `passwd -d`, a password ' +
      'piped into `passwd`, or `useradd`/`usermod -p`.',
    why:
      'The password (or its hash) is written into the image\'s `/etc/shadow` and, when given literally, into the layer ' +
      'history that anyone who can pull the image can read. An empty password (`passwd -d`) lets anyone `su` to the account. ' +
      'Containers should not need interactive logins at all.',
    fix:
      'Drop password logins: create users with a locked password (`useradd -r -u 10001 app`, which sets `!`), and use ' +
      'keys or tokens injected at run time. If a build step truly needs a credential, use a BuildKit secret mount: ' +
      '`RUN --mount=type=secret,id=pw …`.',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN echo "root:hunter2" | chpasswd\n', expect: ['chpasswd'] },
    { text: 'FROM centos:7\nRUN echo hunter2 | passwd --stdin app\n', expect: ['passwd'] },
    { text: 'FROM debian:12\nRUN passwd -d root\n', expect: ['passwd'] },
    { text: 'FROM debian:12\nRUN useradd -m -p "$(openssl passwd -1 pw)" app\n', expect: ['useradd'] },
    { text: 'FROM debian:12\nRUN passwd -l root && useradd -r -u 10001 app\n', expect: [], note: 'locking is the good practice' },
    { text: 'FROM debian:12\nRUN apt-get install -y passwd && echo chpasswd > /tmp/notes\n', expect: [], note: 'package names and strings are not commands' },
  ],
  check({ model, report }) {
    for (const { command, effective } of runCommands(model)) {
      const args = effective.args;
      let reason: string | undefined;
      switch (effective.program) {
        case 'chpasswd':
        case 'chgpasswd':
          reason = `${effective.program} sets passwords`;
          break;
        case 'passwd':
          if (hasFlag(args, ['--delete'], 'd')) reason = 'passwd -d leaves the account without a password';
          else if (hasFlag(args, ['--stdin'])) reason = 'passwd --stdin sets a password';
          else if (command.pipeline.indexOf(command) > 0 && !hasFlag(args, ['--lock', '--status', '--expire'], 'lSe')) reason = 'a password is piped into passwd';
          break;
        case 'useradd':
        case 'usermod':
        case 'adduser':
          if (args.some((a) => a.text === '-p' || a.text === '--password' || a.text.startsWith('--password='))) reason = `${effective.program} -p sets a password`;
          break;
      }
      if (!reason) continue;
      report({
        start: effective.nameWord.start,
        end: effective.nameWord.end,
        message: `${reason} in the image: the result is baked into /etc/shadow and the layer history; use locked accounts and inject credentials at run time (or a --mount=type=secret).`,
      });
    }
  },
};
