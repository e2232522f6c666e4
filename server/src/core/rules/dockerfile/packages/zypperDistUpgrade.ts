import type { DockerfileRule } from '../../../rule';
import { headSpan } from './packageCommands';
import { invocationsOf } from './ruleKit';

/** `zypper dist-upgrade` / `dup` inside an image build. */
export const zypperDistUpgrade: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/zypper-dist-upgrade',
  title: 'zypper dist-upgrade in an image build',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3035'],
  compliance: [],
  explanation: {
    what: 'A RUN runs `zypper dist-upgrade` (`zypper dup`).',
    why: 'A distribution upgrade can switch the whole OS release under the image: builds stop being reproducible and may break in ways unrelated to your change.',
    fix: 'Use a newer base image tag, or `zypper update`/`zypper patch` for security fixes within the release.',
  },
  fixtures: [
    { text: 'FROM opensuse/leap:15.5\nRUN zypper -n dup\n', expect: ['zypper -n dup'] },
    { text: 'FROM opensuse/leap:15.5\nRUN zypper -n patch && zypper clean\n', expect: [] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['zypper'], ['dist-upgrade', 'dup'])) {
      report({ ...headSpan(invocation), message: `zypper ${invocation.subcommand} upgrades the whole distribution during the build; use a newer base image instead.` });
    }
  },
};
