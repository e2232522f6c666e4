import type { DockerfileRule } from '../../../rule';
import { headSpan, reachesFinalImage } from './packageCommands';
import { RPM_DOWNLOADING } from './osPackages';
import { rpmCacheCleaned } from './rpmCleanup';
import { invocationsOf } from './ruleKit';

/** `dnf install` / `microdnf install` without `clean all` in the same RUN. */
export const dnfCleanMissing: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/dnf-clean-missing',
  title: 'dnf/microdnf clean all missing after install',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3040', 'trivy:DS-0019', 'trivy:DS-0027'],
  compliance: [],
  explanation: {
    what: 'A RUN in the final image installs or upgrades with dnf/microdnf/tdnf but does not run `dnf clean all` (or remove the dnf cache) afterwards in the same RUN.',
    why: 'Downloaded packages and repository metadata stay in the layer; cleaning in a later RUN does not shrink it.',
    fix: '`RUN dnf install -y httpd-2.4.57 && dnf clean all` (`microdnf clean all` on UBI minimal), or a BuildKit cache mount on `/var/cache/libdnf5` / `/var/cache/dnf`.',
  },
  fixtures: [
    { text: 'FROM fedora:40\nRUN dnf install -vy docker-ce\n', expect: ['dnf install'] },
    { text: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf clean all && microdnf install -y jq\n', expect: ['microdnf install'] },
    { text: 'FROM fedora:40\nRUN dnf -y upgrade && dnf in -y jq && dnf clean all\n', expect: [] },
    { text: 'FROM fedora:40\nRUN --mount=type=tmpfs,target=/var/cache/libdnf5 dnf install -y jq\n', expect: [] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['dnf', 'microdnf', 'tdnf'], RPM_DOWNLOADING)) {
      if (!reachesFinalImage(model, invocation.instruction) || rpmCacheCleaned(model, invocation)) continue;
      report({ ...headSpan(invocation), message: `${invocation.manager} ${invocation.subcommand} without ${invocation.manager} clean all in the same RUN leaves the package cache in the image.` });
    }
  },
};
