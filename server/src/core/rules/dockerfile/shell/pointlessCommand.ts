import type { DockerfileRule } from '../../../rule';
import { invocations } from './invocations';

const POINTLESS: Record<string, string> = {
  ssh: 'there is no interactive session during a build',
  vim: 'there is no terminal to edit in during a build',
  shutdown: 'a build container has no init system to shut down',
  service: 'services started in a RUN stop when the RUN ends',
  ps: 'the process list of a build step is meaningless in the image',
  free: 'memory figures of a build step are meaningless in the image',
  top: 'there is no terminal during a build',
  kill: 'processes of a build step end with the RUN anyway',
  mount: 'mounts made in a RUN do not persist in the image (use RUN --mount)',
  ifconfig: 'network settings of a build step do not persist in the image',
};

/** Commands that make no sense in a build step (hadolint DL3001). */
export const pointlessCommand: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/pointless-command',
  title: 'Command that makes no sense in a RUN',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL3001'],
  compliance: [],
  explanation: {
    what: 'A RUN that executes `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount` or `ifconfig`.',
    why: 'A build step is a short-lived, non-interactive process: these commands either hang, do nothing lasting, or show that the Dockerfile treats the container like a VM.',
    fix: 'Remove the command. Start services from CMD/ENTRYPOINT (one process per container); use `RUN --mount` for mounts during a build.',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN top\n', expect: ['top'] },
    { text: 'FROM debian:12\nRUN service nginx start && sudo mount -t tmpfs none /mnt\n', expect: ['service', 'mount'] },
    { text: 'FROM debian:12\nRUN apt-get install -y ssh vim\n', expect: [] },
  ],
  check({ model, report }) {
    for (const inv of invocations(model)) {
      const why = POINTLESS[inv.program];
      if (!why) continue;
      report({ start: inv.nameWord.start, end: inv.nameWord.end, message: `${inv.program} in a RUN makes no sense: ${why}.` });
    }
  },
};
