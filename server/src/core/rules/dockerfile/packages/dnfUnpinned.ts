import type { DockerfileRule } from '../../../rule';
import { RPM_INSTALL_SUBCOMMANDS, unpinnedRpmPackages } from './rpmPinning';
import { commandLabel, invocationsOf, unpinnedReport } from './ruleKit';

/** `dnf install tomcat` / `microdnf install tomcat` without a version. */
export const dnfUnpinned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/dnf-unpinned',
  title: 'dnf/microdnf install without pinned package versions',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3041'],
  compliance: ['CWE-1357'],
  explanation: {
    what: '`dnf install`, `microdnf install` or `tdnf install` names packages without a version; `dnf module install` names a module without a stream.',
    why: 'Rebuilds pick up whatever the repositories serve, so images drift between builds and upgrades are not reviewed.',
    fix: 'Pin as `name-version` (`dnf install -y tomcat-9.0.82 && dnf clean all`), modules as `name:stream`. Group installs cannot be pinned and are not reported.',
  },
  fixtures: [
    { text: 'FROM fedora:40\nRUN dnf install -y tomcat && dnf clean all\n', expect: ['tomcat'] },
    { text: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y rpm-sign && microdnf clean all\n', expect: ['rpm-sign'] },
    { text: 'FROM fedora:40\nRUN dnf -y group install "Development Tools" && dnf in -y tomcat-9.0.1 && dnf clean all\n', expect: [] },
    { text: 'FROM fedora:40\nRUN dnf module install -y nodejs:20 && dnf clean all\n', expect: [] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['dnf', 'microdnf', 'tdnf'], RPM_INSTALL_SUBCOMMANDS)) {
      const unpinned = unpinnedRpmPackages(model, invocation);
      if (unpinned.length === 0) continue;
      report(unpinnedReport(invocation, unpinned, commandLabel(invocation), invocation.subcommand.startsWith('module') ? 'name a stream as module:stream.' : 'pin them as name-version.'));
    }
  },
};
