import type { DockerfileRule } from '../../../rule';
import { hasOption, headSpan } from './packageCommands';
import { RPM_PROMPTING } from './osPackages';
import { insertFlagFix, invocationsOf } from './ruleKit';

/** `yum install` without `-y` aborts at the confirmation prompt. */
export const yumMissingYes: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/yum-missing-yes',
  title: 'yum install without -y',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL3030'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`yum install` (or update/remove) runs without `-y` / `--assumeyes`.',
    why: 'A build has no terminal to answer "Is this ok [y/N]", so yum aborts and the build fails.',
    fix: '`RUN yum install -y httpd-2.4.6 && yum clean all`',
  },
  fixtures: [
    { text: 'FROM centos:7\nRUN yum install httpd-2.4.6 && yum clean all\n', expect: ['yum install'], fixed: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n' },
    { text: 'FROM centos:7\nRUN yum -y install httpd-2.4.6 && yum --assumeyes update && yum clean all\n', expect: [] },
    { text: 'FROM centos:7\nRUN bash -c `# not even a yum command`\n', expect: [] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['yum'], RPM_PROMPTING)) {
      if (hasOption(invocation, ['-y', '--assumeyes', '--assume-yes'], 'y')) continue;
      report({ ...headSpan(invocation), message: `yum ${invocation.subcommand} without -y aborts at the confirmation prompt in a build.`, fixes: insertFlagFix(invocation, '-y') });
    }
  },
};
