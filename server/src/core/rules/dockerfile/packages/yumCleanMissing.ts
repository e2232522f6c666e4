import type { DockerfileRule } from '../../../rule';
import { headSpan, reachesFinalImage } from './packageCommands';
import { RPM_DOWNLOADING } from './osPackages';
import { rpmCacheCleaned } from './rpmCleanup';
import { invocationsOf } from './ruleKit';

/** `yum install` without `yum clean all` in the same RUN. */
export const yumCleanMissing: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/yum-clean-missing',
  title: 'yum clean all missing after yum install',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3032', 'trivy:DS-0015'],
  compliance: [],
  explanation: {
    what: 'A RUN in the final image installs with yum but does not run `yum clean all` (or remove `/var/cache/yum`) afterwards in the same RUN.',
    why: 'Downloaded packages and repository metadata stay in the layer, often hundreds of megabytes; cleaning in a later RUN does not shrink it.',
    fix: '`RUN yum install -y httpd-2.4.6 && yum clean all && rm -rf /var/cache/yum`, or a BuildKit cache mount on `/var/cache/yum`.',
  },
  fixtures: [
    { text: 'FROM centos:7\nRUN yum install -y mariadb-10.4\n', expect: ['yum install'] },
    { text: 'FROM centos:7\nRUN yum clean all && yum install -y mariadb-10.4\n', expect: ['yum install'], note: 'cleaning before the install does not help' },
    { text: 'FROM centos:7\nRUN yum install -y mariadb-10.4 && yum clean all\nRUN yum install -y vim-8 && rm -rf /var/cache/yum/*\n', expect: [] },
    { text: 'FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y mariadb-10.4\n', expect: [] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['yum'], RPM_DOWNLOADING)) {
      if (!reachesFinalImage(model, invocation.instruction) || rpmCacheCleaned(model, invocation)) continue;
      report({ ...headSpan(invocation), message: `yum ${invocation.subcommand} without yum clean all in the same RUN leaves the package cache in the image.` });
    }
  },
};
