import type { DockerfileRule } from '../../../rule';
import { unquote } from './util';
import { instructionsWith } from '../helpers';
import { trimTrailing } from '../../../text';

const SYSTEM_DIRECTORIES = ['/proc', '/sys', '/dev', '/boot', '/initrd', '/lost+found'];

/** `WORKDIR /proc/…`: files written there land on kernel or device pseudo-filesystems. */
export const workdirSystemDirectory: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/workdir-system-directory',
  title: 'WORKDIR inside a system directory',
  severity: 'warning',
  category: 'exposure',
  equivalents: ['trivy:DS-0030'],
  compliance: ['CWE-732'],
  fixable: false,
  explanation: {
    what: `A \`WORKDIR\` under ${SYSTEM_DIRECTORIES.map((d) => `\`${d}\``).join(', ')}.`,
    why:
      'These directories are kernel, device or boot filesystems that the runtime mounts over the image. Working there means the ' +
      'application reads and writes host-backed pseudo-files (or loses what it wrote), which is at best broken and at worst an escape vector.',
    fix: 'Use an application directory such as `WORKDIR /app` or `WORKDIR /srv/app`.',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nWORKDIR /proc/self\n', expect: ['/proc/self'] },
    { text: 'FROM alpine:3.20\nWORKDIR "/dev"\n', expect: ['"/dev"'] },
    { text: 'FROM alpine:3.20\nWORKDIR /app\nWORKDIR /devtools\n', expect: [], note: 'prefix of a longer name' },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['WORKDIR'])) {
      if (!instruction.args[0]) continue;
      const argument = instruction.args[0];
      const path = trimTrailing(unquote(argument.value), '/') || '/';
      const system = SYSTEM_DIRECTORIES.find((d) => path === d || path.startsWith(`${d}/`));
      if (!system) continue;
      report({ start: argument.start, end: argument.end, message: `WORKDIR "${path}" is inside the system directory ${system}; use an application directory such as /app.` });
    }
  },
};
