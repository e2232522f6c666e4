import type { DockerfileRule } from '../../../rule';
import { invocationsOfPrograms, literalTexts, perInstruction } from '../shell/invocations';
import { envSettings, isFalsy } from './environment';

/** git told not to verify server certificates. */
export const gitSslVerificationDisabled: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/git-ssl-verification-disabled',
  title: 'git certificate verification disabled (GIT_SSL_NO_VERIFY / http.sslVerify false)',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_14'],
  compliance: ['CWE-295'],
  explanation: {
    what: '`GIT_SSL_NO_VERIFY` set to any value (ENV, ARG default or RUN), `git config http.sslVerify false`, `git -c http.sslVerify=false` or `sslVerify = false` in a gitconfig.',
    why: 'git then clones over HTTPS without checking who answers: an attacker on the path can serve different source code, which you build and ship.',
    fix: 'Remove the setting. For a private CA, use `git config --global http.sslCAInfo /path/corp-ca.pem` so verification stays on.',
  },
  fixtures: [
    { text: 'FROM alpine/git:2.45.2\nENV GIT_SSL_NO_VERIFY=true\n', expect: ['GIT_SSL_NO_VERIFY'] },
    { text: 'FROM alpine/git:2.45.2\nENV GIT_SSL_NO_VERIFY=false\n', expect: ['GIT_SSL_NO_VERIFY'], note: 'git honours the variable whatever its value' },
    { text: 'FROM alpine/git:2.45.2\nRUN git config --global http.sslVerify false\n', expect: ['http.sslVerify'] },
    { text: 'FROM alpine/git:2.45.2\nRUN git -c http.sslVerify=false clone https://example.com/r.git\n', expect: ['http.sslVerify=false'] },
    { text: 'FROM alpine/git:2.45.2\nRUN GIT_SSL_NO_VERIFY=1 git clone https://example.com/r.git\n', expect: ['GIT_SSL_NO_VERIFY'] },
    { text: 'FROM alpine/git:2.45.2\nRUN git config --global http.sslVerify true\nARG GIT_SSL_NO_VERIFY\n', expect: [] },
  ],
  check({ model, report }) {
    for (const s of envSettings(model, (n) => n === 'GIT_SSL_NO_VERIFY')) {
      if (s.value === null) continue;
      report({ start: s.start, end: s.end, message: `GIT_SSL_NO_VERIFY (${s.via}) turns off certificate verification for every git operation, whatever its value; remove it.` });
    }
    for (const inv of invocationsOfPrograms(model, ['git'])) {
      const texts = inv.args.map((a) => a.text);
      for (let i = 0; i < texts.length; i++) {
        const inline = /^(http\.(?:[^=\s]+\.)?sslverify)=(.*)$/i.exec(texts[i]);
        if (inline && texts[i - 1] === '-c' && isFalsy(inline[2])) {
          report({ start: inv.args[i].start, end: inv.args[i].end, message: `git -c ${texts[i]} clones without verifying the server certificate; remove it.` });
        }
        if (/^http\.(?:[^=\s]+\.)?sslverify$/i.test(texts[i]) && texts.includes('config') && isFalsy(texts[i + 1] ?? null)) {
          report({ start: inv.args[i].start, end: inv.args[i].end, message: `git config ${texts[i]} ${texts[i + 1]} turns off certificate verification for later clones; remove it.` });
        }
      }
    }
    const writesGitconfig = perInstruction((instruction) => instruction.argsText.includes('gitconfig'));
    for (const literal of literalTexts(model)) {
      if (!writesGitconfig(literal.instruction)) continue;
      if (/^\s*sslverify\s*=\s*(false|0|no|off)\s*$/i.test(literal.text)) {
        report({ start: literal.start, end: literal.end, message: 'A gitconfig with sslVerify = false turns off certificate verification for git; remove it.' });
      }
    }
  },
};
