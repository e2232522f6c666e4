import type { DockerfileRule } from '../../../rule';
import { isLocalPath } from './packageCommands';
import { commandLabel, invocationsOf, unpinnedOperands, unpinnedReport } from './ruleKit';

/** `apt-get install curl`: a rebuild installs whatever version the mirror serves that day. */
export const aptGetUnpinned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/apt-get-unpinned',
  title: 'apt-get install without pinned package versions',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3008'],
  compliance: ['CWE-1357'],
  explanation: {
    what: '`apt-get install` (or `apt install`) names packages without a version (`curl` instead of `curl=7.88.1-10+deb12u5`).',
    why:
      'Each rebuild installs whatever the mirror serves that day, so two builds of the same Dockerfile can differ and a ' +
      'regression or a compromised update arrives unnoticed. Pinning makes the build reproducible and version bumps reviewable. ' +
      'Pinned Debian versions disappear from mirrors after security updates, so pinning needs a process (Renovate, dependabot) to keep it working.',
    fix:
      'Pin each package as `name=version`; a trailing `*` keeps security patch releases:\n\n' +
      '```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    curl=7.88.* git=1:2.39.* \\\n && rm -rf /var/lib/apt/lists/*\n```\n' +
      'A version held in an ARG (`curl=${CURL_VERSION}`) counts as pinned.',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl git=1:2.39.5-0+deb12u1 wget\n', expect: ['curl'] },
    { text: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends -t bookworm-backports curl=7.88.1-10\n', expect: [], note: '-t takes a value' },
    { text: 'FROM debian:12\nARG CURL_VERSION\nRUN apt-get install -y curl=${CURL_VERSION}\n', expect: [], note: 'a version from a variable is pinned (hadolint#928)' },
    { text: 'FROM debian:12\nRUN apt-get install -y ./wkhtmltox_0.12.6_amd64.deb -o Dpkg::Options::=--force-confold\n', expect: [], note: 'local .deb file, -o value' },
    { text: 'FROM debian:12\nONBUILD RUN apt-get install -y python3\n', expect: ['python3'] },
    { text: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y jq\nEOF\n', expect: ['jq'], note: 'heredoc body' },
    { text: 'FROM debian:12\r\nRUN apt-get update \\\r\n # tools\r\n && apt-get install -y vim\r\n', expect: ['vim'], note: 'CRLF and a comment inside the continuation' },
    { text: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "less"]\n', expect: ['less"]'], note: 'exec form' },
    { text: 'FROM debian:12\nRUN apt-get install -y $PACKAGES\n', expect: [], note: 'an unknown list cannot be judged' },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['apt-get', 'apt', 'aptitude'], ['install'])) {
      const unpinned = unpinnedOperands(model, invocation, (v) => v.includes('=') || v.includes('/') || v.endsWith('.deb') || isLocalPath(v));
      if (unpinned.length === 0) continue;
      report(unpinnedReport(invocation, unpinned, commandLabel(invocation), 'pin them as name=version (a trailing * keeps patch updates).'));
    }
  },
};
