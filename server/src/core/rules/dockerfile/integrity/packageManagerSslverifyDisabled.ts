import type { DockerfileRule } from '../../../rule';
import { literalTexts, matchSpan, writtenText } from '../shell/invocations';

const RPM_CONTEXT = /\b(yum|dnf|tdnf|microdnf|yum-config-manager|zypper)\b|\.repo\b|yum\.conf|dnf\.conf|zypp\.conf/;
const SSLVERIFY_OFF = /(^|\\n|[\s.=])sslverify\s*=\s*(0|false|no|off)\b/i;

/** yum/dnf repositories fetched without checking the server certificate. */
export const packageManagerSslverifyDisabled: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/package-manager-sslverify-disabled',
  title: 'yum/dnf configured with sslverify=false',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_15'],
  compliance: ['CWE-295', 'CIS-Docker-4.11'],
  explanation: {
    what: '`sslverify=0|false` given to yum/dnf/microdnf/tdnf (`--setopt=sslverify=false`, `--setopt=<repo>.sslverify=0`, `config-manager --setopt`) or written to a `.repo`/`yum.conf`/`dnf.conf` file by echo, sed or a heredoc.',
    why: 'The package manager then talks to the repository without checking its certificate; combined with a missing or disabled GPG check, a man-in-the-middle controls what gets installed.',
    fix: 'Remove the option and keep `sslverify=1` (the default). Add a private CA to the system trust store (`update-ca-trust`) instead.',
  },
  fixtures: [
    { text: 'FROM rockylinux:9\nRUN dnf install -y --setopt=sslverify=false httpd\n', expect: ['sslverify=false'] },
    { text: 'FROM rockylinux:9\nRUN yum-config-manager --save --setopt=corp.sslverify=0\n', expect: ['sslverify=0'] },
    { text: 'FROM rockylinux:9\nRUN echo "sslverify=0" >> /etc/yum.conf\n', expect: ['"sslverify=0"'] },
    { text: 'FROM rockylinux:9\nRUN cat > /etc/yum.repos.d/corp.repo <<EOF\n[corp]\nbaseurl=https://repo.corp.example/el9\nsslverify=0\nEOF\n', expect: ['sslverify=0'] },
    { text: 'FROM rockylinux:9\nCOPY <<EOF /etc/yum.repos.d/corp.repo\n[corp]\nsslverify = False\nEOF\n', expect: ['sslverify = False'] },
    { text: 'FROM rockylinux:9\nRUN dnf install -y --setopt=sslverify=1 httpd\n', expect: [] },
    { text: 'FROM alpine/git:2.45.2\nRUN echo "sslverify=false" > /tmp/notes.txt\n', expect: [], note: 'no package manager in sight' },
  ],
  check({ model, report }) {
    for (const literal of literalTexts(model)) {
      if (!literal.text.includes('=')) continue;
      const m = SSLVERIFY_OFF.exec(writtenText(literal.text));
      if (!m) continue;
      const context = literal.instruction.argsText;
      if (!RPM_CONTEXT.test(context)) continue;
      const span = matchSpan(literal, m);
      const start = literal.exact ? span.start + m[1].length : literal.start;
      report({ start, end: literal.exact ? span.end : literal.end, message: 'sslverify is switched off for yum/dnf repositories, so their certificates are not checked; keep sslverify=1 and trust a private CA with update-ca-trust.' });
    }
  },
};
