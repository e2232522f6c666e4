import type { DockerfileRule } from '../../../rule';
import { invocationsOfPrograms, scanOptions } from './invocations';

/** `RUN ln -sf /bin/bash /bin/sh`: the default shell swapped behind SHELL's back (hadolint DL4005). */
export const shellChangedWithLn: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/shell-changed-with-ln',
  title: 'Default shell changed with ln instead of SHELL',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL4005'],
  compliance: [],
  explanation: {
    what: 'A RUN that replaces `/bin/sh` with a symlink (`ln -sf /bin/bash /bin/sh`).',
    why:
      'It changes the shell of every script in the image, including system scripts that expect the distribution\'s sh, and the change is invisible ' +
      'to readers of the Dockerfile and to tools that read SHELL.',
    fix: 'Use the SHELL instruction for the build\'s RUN steps:\n\n```dockerfile\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n```',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN ln -sfv /bin/bash /bin/sh\n', expect: ['ln'] },
    { text: 'FROM debian:12\nONBUILD RUN ln -sf bash /bin/sh\n', expect: ['ln'] },
    { text: 'FROM debian:12\nRUN ln -sf /bin/true /sbin/initctl && ln -s foo bar && something_with /bin/sh\n', expect: [] },
  ],
  check({ model, report }) {
    for (const inv of invocationsOfPrograms(model, ['ln'])) {
      const { operands } = scanOptions(inv.args, { shortWithValue: 'St', longWithValue: ['--suffix', '--target-directory'] });
      const target = operands.at(-1)?.text;
      if (operands.length < 2 || (target !== '/bin/sh' && target !== '/usr/bin/sh')) continue;
      report({ start: inv.nameWord.start, end: inv.command?.end ?? inv.nameWord.end, message: `ln replaces ${target} for every script in the image; use SHELL to choose the shell of RUN instructions instead.` });
    }
  },
};
