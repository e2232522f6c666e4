import type { DockerfileRule } from '../../../rule';
import { programName, splitArgs } from '../../../documents/shell';
import { runCommands, instructionsWith } from '../helpers';

/** Package names that install an SSH daemon (`ssh` is Debian's client+server metapackage, Alpine's `openssh` pulls the server). */
const SSH_SERVER_PACKAGES = new Set(['openssh-server', 'dropbear', 'dropbear-ssh', 'dropbear-bin', 'ssh', 'openssh', 'tinysshd']);
const INSTALL_SUBCOMMANDS: Record<string, string[]> = {
  'apt-get': ['install'],
  apt: ['install'],
  aptitude: ['install'],
  apk: ['add'],
  yum: ['install'],
  dnf: ['install'],
  microdnf: ['install'],
  zypper: ['install', 'in'],
  pacman: ['-S', '-Sy', '-Syu', '--sync'],
};
const VALUE_OPTIONS = new Set(['-t', '--target-release', '-o', '-c', '--repository', '-X', '--setopt', '--enablerepo', '--disablerepo', '-r']);

/** `openssh-server=1:9.2p1-2`, `openssh-server-8.0p1` → `openssh-server`. */
function packageBaseName(word: string): string {
  return word.toLowerCase().split(/[=<>]/)[0].replace(/-\d[\w.:~+-]*$/, '').replace(/:\w+$/, '');
}

/** Every name in SSH_SERVER_PACKAGES contains one of these; most operands (curl, git) do not. */
const MAY_NAME_SSH_PACKAGE = /ssh|dropbear/i;

const SSHD_IN_TEXT = /(^|[\s"'/;&|])sshd(?=[\s"',;&|]|$)/;

/** An SSH daemon in the image widens the attack surface and bypasses `docker exec`/orchestrator auditing. */
export const sshServer: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/ssh-server',
  title: 'SSH server installed or started',
  severity: 'warning',
  category: 'exposure',
  equivalents: [],
  compliance: ['CIS-Docker-4.3', 'CIS-Docker-5.7'],
  fixable: false,
  explanation: {
    what:
      'The image installs an SSH daemon (`openssh-server`, `dropbear`, Debian\'s `ssh` or Alpine\'s `openssh`) or starts ' +
      '`sshd` (`service ssh start`, `systemctl enable ssh`, `CMD ["/usr/sbin/sshd", "-D"]`).',
    why:
      'An SSH server is a second, network-reachable way in, with its own keys and passwords to manage and patch. Host ' +
      'keys generated at build time are shared by every container of the image. `docker exec` / `kubectl exec` already ' +
      'give audited shell access.',
    fix:
      'Remove the SSH server and use `docker exec -it <container> sh` or `kubectl exec` (or `kubectl debug`) for access. ' +
      'If you need the SSH *client* (git over ssh), install `openssh-client` only and use `RUN --mount=type=ssh`.',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN apt-get update && apt-get install -y openssh-server\n', expect: ['openssh-server'] },
    { text: 'FROM alpine:3.20\nRUN apk add --no-cache openssh=9.7_p1-r4\n', expect: ['openssh='] },
    { text: 'FROM debian:12\nRUN apt-get install -y openssh-client git\n', expect: [], note: 'the client is fine' },
    { text: 'FROM debian:12\nRUN mkdir /run/sshd && /usr/sbin/sshd -t\nCMD ["/usr/sbin/sshd", "-D"]\n', expect: ['/usr/sbin/sshd -t', '/usr/sbin/sshd"'] },
    { text: 'FROM debian:12\nRUN service ssh start\n', expect: ['service'] },
    { text: 'FROM debian:12\nRUN echo "no sshd here" && grep -q sshd /etc/services || true\n', expect: [], note: 'strings and arguments are not daemons' },
  ],
  check({ model, report }) {
    for (const { command, effective } of runCommands(model)) {
      const program = effective.program;
      const args = effective.args;
      const subcommands = INSTALL_SUBCOMMANDS[program];
      if (subcommands) {
        const { operands, flags } = splitArgs(args, VALUE_OPTIONS);
        const isInstall = operands.length > 0 && (subcommands.includes(operands[0].text) || flags.some((f) => subcommands.includes(f.text)));
        if (!isInstall) continue;
        for (const word of operands) {
          if (word.dynamic || !MAY_NAME_SSH_PACKAGE.test(word.text) || !SSH_SERVER_PACKAGES.has(packageBaseName(word.text))) continue;
          report({
            start: word.start,
            end: word.end,
            message: `Installing "${word.text}" puts an SSH server in the image; use docker/kubectl exec for access (openssh-client is enough for git over ssh).`,
            evidence: word.text,
          });
        }
        continue;
      }
      if (program !== 'sshd' && program !== 'service' && program !== 'systemctl' && program !== 'rc-update' && program !== 'rc-service') continue;
      const words = args.map((a) => a.text);
      const startsSshd =
        program === 'sshd' ||
        (program === 'service' && /^sshd?$/.test(words[0] ?? '') && /^(start|restart)$/.test(words[1] ?? '')) ||
        (program === 'systemctl' && /^(enable|start)$/.test(words[0] ?? '') && words.slice(1).some((w) => /^sshd?(\.service)?$/.test(w))) ||
        ((program === 'rc-update' || program === 'rc-service') && words.some((w) => w === 'sshd'));
      if (!startsSshd) continue;
      report({
        start: effective.nameWord.start,
        end: Math.max(effective.nameWord.end, command.name.end),
        message: `"${programName(effective.nameWord.text)}" sets up or starts an SSH daemon in the image; remove it and use docker/kubectl exec for access.`,
      });
    }
    for (const instruction of instructionsWith(model, ['CMD', 'ENTRYPOINT'], false)) {
      if (instruction.form === 'exec') {
        const first = instruction.execArgs?.[0];
        if (first && programName(first.value) === 'sshd') {
          report({ start: first.start, end: first.end, message: `${instruction.keyword} runs sshd: the container's main process is an SSH server; use docker/kubectl exec for access instead.` });
        }
      } else if (SSHD_IN_TEXT.test(instruction.argsText) && /(^|[;&|]\s*|\s)(\/usr\/sbin\/)?sshd(\s+-\w+)*\s*($|[;&|])/.test(instruction.argsText.trim())) {
        report({ start: instruction.argsStart, end: instruction.end, message: `${instruction.keyword} runs sshd: remove the SSH server and use docker/kubectl exec for access.` });
      }
    }
  },
};
