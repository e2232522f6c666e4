import type { DockerfileRule } from '../../../rule';
import { commandsAfter, headSpan, invocationsAfter, mountCovers, packageInvocations, reachesFinalImage, removesPath } from './packageCommands';
import { ZYPPER_DOWNLOADING } from './osPackages';
import { invocationsOf } from './ruleKit';

/** `zypper install` without `zypper clean` in the same RUN. */
export const zypperCleanMissing: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/zypper-clean-missing',
  title: 'zypper clean missing after zypper install',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3036', 'trivy:DS-0020'],
  compliance: [],
  explanation: {
    what: 'A RUN in the final image installs with zypper but does not run `zypper clean` (`zypper cc`) afterwards in the same RUN.',
    why: 'Downloaded packages and repository metadata stay in `/var/cache/zypp` inside the layer.',
    fix: '`RUN zypper -n install tomcat=9.0.39 && zypper clean -a`, or a BuildKit cache mount on `/var/cache/zypp`.',
  },
  fixtures: [
    { text: 'FROM opensuse/leap:15.5\nRUN zypper install -y mariadb=10.4\n', expect: ['zypper install'] },
    { text: 'FROM opensuse/leap:15.5\nRUN zypper clean && zypper install -y mariadb=10.4\n', expect: ['zypper install'] },
    { text: 'FROM opensuse/leap:15.5\nRUN zypper install -y mariadb=10.4 && zypper cc -a\n', expect: [] },
    { text: 'FROM opensuse/leap:15.5\nRUN --mount=type=cache,target=/var/cache/zypp zypper install -y mariadb=10.4\n', expect: [] },
  ],
  check({ model, report }) {
    const all = packageInvocations(model);
    for (const invocation of invocationsOf(model, ['zypper'], ZYPPER_DOWNLOADING)) {
      if (!reachesFinalImage(model, invocation.instruction) || mountCovers(invocation.instruction, '/var/cache/zypp')) continue;
      if (invocationsAfter(all, invocation).some((i) => i.manager === 'zypper' && (i.subcommand === 'clean' || i.subcommand === 'cc'))) continue;
      if (commandsAfter(invocation).some((c) => removesPath(c, ['/var/cache/zypp']))) continue;
      report({ ...headSpan(invocation), message: `zypper ${invocation.subcommand} without zypper clean in the same RUN leaves the package cache in the image.` });
    }
  },
};
