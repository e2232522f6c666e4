import type { DockerfileRule } from '../../../rule';
import { isLocalPath, optionValues } from './packageCommands';
import { commandLabel, invocationsOf, unpinnedOperands, unpinnedReport } from './ruleKit';

/** `zypper install tomcat` without a version constraint. */
export const zypperUnpinned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/zypper-unpinned',
  title: 'zypper install without pinned package versions',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3037'],
  compliance: ['CWE-1357'],
  explanation: {
    what: '`zypper install` names packages without a version constraint (`tomcat` instead of `tomcat=9.0.39` or `tomcat>=9.0`).',
    why: 'Rebuilds pick up whatever the repositories serve, so images drift between builds and upgrades are not reviewed.',
    fix: "Pin each package: `zypper install -y tomcat=9.0.39 && zypper clean` (quote or escape `>`/`<`: `'tomcat>=9.0'`).",
  },
  fixtures: [
    { text: 'FROM opensuse/leap:15.5\nRUN zypper install -y tomcat && zypper clean\n', expect: ['tomcat'] },
    { text: "FROM opensuse/leap:15.5\nRUN zypper install -y tomcat=9.0.39 'java>=17' curl\\<9 ./x-1.rpm && zypper clean\n", expect: [] },
    { text: 'FROM opensuse/leap:15.5\nRUN zypper install -y -t pattern devel_basis && zypper clean\n', expect: [], note: 'patterns have no versions' },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['zypper'], ['install', 'in'])) {
      const types = optionValues(invocation, ['-t', '--type']);
      if (types.some((t) => t !== 'package')) continue;
      const unpinned = unpinnedOperands(model, invocation, (v) => /[=<>]/.test(v) || v.endsWith('.rpm') || v.includes('/') || isLocalPath(v));
      if (unpinned.length === 0) continue;
      report(unpinnedReport(invocation, unpinned, commandLabel(invocation), 'pin them as name=version or name>=version.'));
    }
  },
};
