import type { DockerfileRule } from '../../../rule';
import { RPM_INSTALL_SUBCOMMANDS, unpinnedRpmPackages } from './rpmPinning';
import { commandLabel, invocationsOf, unpinnedReport } from './ruleKit';

/** `yum install httpd` without a version. */
export const yumUnpinned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/yum-unpinned',
  title: 'yum install without pinned package versions',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3033'],
  compliance: ['CWE-1357'],
  explanation: {
    what: '`yum install` names packages without a version (`httpd` instead of `httpd-2.4.57`); `yum module install` names a module without a stream.',
    why: 'Rebuilds pick up whatever the repositories serve, so images drift between builds and upgrades are not reviewed.',
    fix: 'Pin as `name-version` (`yum install -y httpd-2.4.57 && yum clean all`) and modules as `name:stream` (`yum module install -y nodejs:20`).',
  },
  fixtures: [
    { text: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 tomcat && yum clean all\n', expect: ['tomcat'] },
    { text: 'FROM centos:7\nRUN yum install -y openssl-1:1.1.1k gcc-c++-4.8.5 ./local.rpm && yum clean all\n', expect: [] },
    { text: 'FROM centos:7\nARG V=2.51.0\nRUN yum -y install git-core-${V} && yum clean all\n', expect: [], note: 'version from an ARG in scope' },
    { text: 'FROM centos:7 AS a\nARG V=2.51.0\nFROM centos:7\nRUN yum -y install git-core-${V} && yum clean all\n', expect: ['git-core-${V}'], note: 'the ARG belongs to another stage' },
    { text: 'FROM centos:7\nRUN yum module install -y nodejs && yum clean all\n', expect: ['nodejs'] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['yum'], RPM_INSTALL_SUBCOMMANDS)) {
      const unpinned = unpinnedRpmPackages(model, invocation);
      if (unpinned.length === 0) continue;
      report(unpinnedReport(invocation, unpinned, commandLabel(invocation), invocation.subcommand.startsWith('module') ? 'name a stream as module:stream.' : 'pin them as name-version.'));
    }
  },
};
