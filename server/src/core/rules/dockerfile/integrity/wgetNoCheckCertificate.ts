import type { DockerfileRule } from '../../../rule';
import { findOptions, invocationsOfPrograms, literalTexts, perInstruction, removeOptionFix } from '../shell/invocations';

export const WGET_SHORT_WITH_VALUE = 'aAbeilOoPQtTUwDIRX';

/** `wget --no-check-certificate`: TLS certificate verification switched off for a download. */
export const wgetNoCheckCertificate: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/wget-no-check-certificate',
  title: 'wget with certificate verification disabled (--no-check-certificate)',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_3'],
  compliance: ['CWE-295', 'CIS-Docker-4.11'],
  fixable: true,
  explanation: {
    what: '`wget --no-check-certificate` (or `check_certificate = off` written to a `.wgetrc`) makes wget accept any TLS certificate.',
    why: 'A man-in-the-middle between the builder and the server can substitute the file you download, and it is baked into the image without any error.',
    fix:
      'Remove the option; trust a private CA properly if you need one:\n\n```dockerfile\nCOPY corp-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates && wget -q https://intranet/tool.tgz\n```',
  },
  fixtures: [
    {
      text: 'FROM debian:12\nRUN wget --no-check-certificate -q https://example.com/a.tgz\n',
      expect: ['--no-check-certificate'],
      fixed: 'FROM debian:12\nRUN wget -q https://example.com/a.tgz\n',
    },
    { text: 'FROM debian:12\nONBUILD RUN sudo wget --no-check-certificate https://example.com/a.tgz\n', expect: ['--no-check-certificate'] },
    { text: "FROM debian:12\nRUN echo 'check_certificate = off' >> /etc/wgetrc\n", expect: ["'check_certificate = off'"] },
    { text: 'FROM debian:12\nRUN wget -q https://example.com/a.tgz\n', expect: [] },
    { text: 'FROM debian:12\nRUN curl --no-check-certificate-please https://x || echo --no-check-certificate\n', expect: [], note: 'only wget options count' },
  ],
  check({ model, report }) {
    for (const inv of invocationsOfPrograms(model, ['wget'])) {
      for (const hit of findOptions(inv.args, ['--no-check-certificate'], { shortWithValue: WGET_SHORT_WITH_VALUE })) {
        const fix = removeOptionFix(model, hit, 'Remove --no-check-certificate');
        report({
          start: hit.word.start,
          end: hit.word.end,
          message: 'wget --no-check-certificate accepts any TLS certificate, so a tampered download can enter the image; remove it.',
          fixes: fix ? [fix] : undefined,
        });
      }
    }
    const writesWgetrc = perInstruction((instruction) => instruction.argsText.includes('wgetrc'));
    for (const literal of literalTexts(model)) {
      if (writesWgetrc(literal.instruction) && /\bcheck_certificate\s*=\s*(off|0|false|no)\b/i.test(literal.text)) {
        report({ start: literal.start, end: literal.end, message: 'A wgetrc with `check_certificate = off` disables certificate verification for every later wget; remove it.' });
      }
    }
  },
};
