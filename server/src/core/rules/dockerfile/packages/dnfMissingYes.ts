import type { DockerfileRule } from '../../../rule';
import { hasOption, headSpan } from './packageCommands';
import { RPM_PROMPTING } from './osPackages';
import { insertFlagFix, invocationsOf } from './ruleKit';

/** `dnf install` / `microdnf install` without `-y`. */
export const dnfMissingYes: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/dnf-missing-yes',
  title: 'dnf/microdnf install without -y',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL3038'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`dnf`, `microdnf` or `tdnf` installs, upgrades or removes packages without `-y` / `--assumeyes`.',
    why: 'A build has no terminal to answer the confirmation prompt, so the command aborts and the build fails.',
    fix: '`RUN dnf install -y httpd-2.4.57 && dnf clean all`',
  },
  fixtures: [
    { text: 'FROM fedora:40\nRUN dnf install httpd-2.4.24 && dnf clean all\n', expect: ['dnf install'], fixed: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.24 && dnf clean all\n' },
    { text: 'FROM fedora:40\nRUN dnf install -vy httpd-2.4.24 && microdnf --assumeyes install curl-8.0 && dnf clean all\n', expect: [] },
    { text: 'FROM fedora:40\nRUN notdnf install httpd\n', expect: [] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['dnf', 'microdnf', 'tdnf'], RPM_PROMPTING)) {
      if (hasOption(invocation, ['-y', '--assumeyes', '--assume-yes'], 'y')) continue;
      if (invocation.options.some((o) => o.name === '--setopt' && /^assumeyes=(1|true|yes)$/i.test(o.value ?? ''))) continue;
      report({
        ...headSpan(invocation),
        message: `${invocation.manager} ${invocation.subcommand} without -y aborts at the confirmation prompt in a build.`,
        fixes: insertFlagFix(invocation, '-y'),
      });
    }
  },
};
