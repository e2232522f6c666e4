import type { DockerfileRule } from '../../../rule';
import { findOptions, invocations, literalTexts, matchSpan, removeOptionFix, writtenText } from '../shell/invocations';

const RPM_MANAGERS = new Set(['yum', 'dnf', 'tdnf', 'microdnf', 'dnf5', 'yum-config-manager']);
const GPGCHECK_OFF = /(^|\\n|[^a-z_])gpgcheck\s*=\s*(0|false|no|off)\b/i;

/** yum/dnf/tdnf/microdnf/zypper installing packages without checking their GPG signatures. */
export const gpgCheckDisabled: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/gpg-check-disabled',
  title: 'Package GPG signature check disabled (--nogpgcheck / gpgcheck=0)',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_9'],
  compliance: ['CWE-494', 'CIS-Docker-4.11'],
  fixable: true,
  explanation: {
    what: '`--nogpgcheck` on yum/dnf/tdnf/microdnf, `--no-gpg-checks` on zypper, or `gpgcheck=0` given with `--setopt` or written to a repository file.',
    why: 'Package signatures are what proves a package comes from its publisher; without the check, a compromised mirror or a man-in-the-middle can install anything, with root privileges, into the image.',
    fix: 'Remove the option and import the repository key instead:\n\n```dockerfile\nRUN rpm --import https://repo.corp.example/RPM-GPG-KEY-corp && dnf install -y corp-tool-1.2.3\n```',
  },
  fixtures: [
    { text: 'FROM rockylinux:9\nRUN dnf install -y --nogpgcheck httpd-2.4.57\n', expect: ['--nogpgcheck'], fixed: 'FROM rockylinux:9\nRUN dnf install -y httpd-2.4.57\n' },
    { text: 'FROM photon:5.0\nRUN tdnf install --nogpgcheck -y curl\n', expect: ['--nogpgcheck'], fixed: 'FROM photon:5.0\nRUN tdnf install -y curl\n' },
    { text: 'FROM opensuse/leap:15.6\nRUN zypper --no-gpg-checks install -y curl\n', expect: ['--no-gpg-checks'], fixed: 'FROM opensuse/leap:15.6\nRUN zypper install -y curl\n' },
    { text: 'FROM rockylinux:9\nRUN dnf install -y --setopt=gpgcheck=0 httpd\n', expect: ['gpgcheck=0'] },
    { text: 'FROM rockylinux:9\nRUN printf "[corp]\\nbaseurl=https://x\\ngpgcheck=0\\n" > /etc/yum.repos.d/corp.repo\n', expect: ['"[corp]'] },
    { text: 'FROM rockylinux:9\nCOPY <<EOF /etc/yum.repos.d/corp.repo\n[corp]\ngpgcheck=0\nEOF\n', expect: ['gpgcheck=0'] },
    { text: "FROM rockylinux:9\nRUN sed -i 's/gpgcheck=0/gpgcheck=1/' /etc/yum.repos.d/x.repo\n", expect: [], note: 'sed turning the check on' },
    { text: "FROM rockylinux:9\nRUN sed -i 's/gpgcheck=1/gpgcheck=0/' /etc/yum.repos.d/x.repo\n", expect: ["'s/gpgcheck"] },
    { text: 'FROM rockylinux:9\nRUN dnf install -y httpd && echo "repo_gpgcheck=0" >> /etc/dnf/dnf.conf\n', expect: [], note: 'repo_gpgcheck is about metadata and off by default' },
  ],
  check({ model, report }) {
    for (const inv of invocations(model)) {
      const names = RPM_MANAGERS.has(inv.program) ? ['--nogpgcheck'] : inv.program === 'zypper' ? ['--no-gpg-checks', '--no-gpg-check'] : [];
      if (names.length === 0) continue;
      for (const hit of findOptions(inv.args, names, { shortWithValue: 'cdexR' })) {
        const fix = removeOptionFix(model, hit, `Remove ${hit.name}`);
        report({ start: hit.word.start, end: hit.word.end, message: `${inv.program} ${hit.name} installs packages without verifying their signatures; remove it and import the repository key (rpm --import).`, fixes: fix ? [fix] : undefined });
      }
    }
    for (const literal of literalTexts(model)) {
      if (!literal.text.includes('=')) continue;
      const m = GPGCHECK_OFF.exec(writtenText(literal.text));
      if (!m) continue;
      const span = matchSpan(literal, m);
      report({ start: literal.exact ? span.start + m[1].length : span.start, end: span.end, message: 'gpgcheck=0 makes yum/dnf install packages without verifying their signatures; keep gpgcheck=1 and import the repository key.' });
    }
  },
};
