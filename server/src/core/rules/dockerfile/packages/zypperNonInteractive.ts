import type { DockerfileRule } from '../../../rule';
import { hasOption, headSpan } from './packageCommands';
import { ZYPPER_PROMPTING } from './osPackages';
import { invocationsOf } from './ruleKit';

/** `zypper install` without `-n`/`-y`. */
export const zypperNonInteractive: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/zypper-non-interactive',
  title: 'zypper without a non-interactive switch',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL3034'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`zypper install` (or update, remove, dist-upgrade) runs without `--non-interactive`/`-n` or `-y`/`--no-confirm`.',
    why: 'A build has no terminal to answer the confirmation prompt, so zypper aborts and the build fails.',
    fix: '`RUN zypper --non-interactive install tomcat=9.0.39 && zypper clean` (or `zypper install -y …`).',
  },
  fixtures: [
    { text: 'FROM opensuse/leap:15.5\nRUN zypper install httpd=2.4.24 && zypper clean\n', expect: ['zypper install'], fixed: 'FROM opensuse/leap:15.5\nRUN zypper --non-interactive install httpd=2.4.24 && zypper clean\n' },
    { text: 'FROM opensuse/leap:15.5\nRUN zypper -n install httpd=2.4.24 && zypper install --no-confirm vim=9 && zypper clean\n', expect: [] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['zypper'], ZYPPER_PROMPTING)) {
      if (hasOption(invocation, ['-n', '--non-interactive', '-y', '--no-confirm'], 'ny')) continue;
      const at = invocation.program.end;
      report({
        ...headSpan(invocation),
        message: `zypper ${invocation.subcommand} without --non-interactive (-n) or -y aborts at the confirmation prompt in a build.`,
        fixes: invocation.editable ? [{ title: 'Add --non-interactive', edits: [{ start: at, end: at, newText: ' --non-interactive' }], isPreferred: true }] : undefined,
      });
    }
  },
};
