import type { DockerfileRule } from '../../../rule';
import { findOptions, invocationsOfPrograms, removeOptionFix } from '../shell/invocations';

/** apk installing packages whose signature is missing or not trusted. */
export const apkAllowUntrusted: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/apk-allow-untrusted',
  title: 'apk --allow-untrusted installs unsigned packages',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_7'],
  compliance: ['CWE-494', 'CIS-Docker-4.11'],
  fixable: true,
  explanation: {
    what: '`apk add --allow-untrusted` (any apk command with that option).',
    why: 'apk then installs packages and indexes whose signatures are missing or made with unknown keys, so nothing proves where the package came from.',
    fix: 'Remove the option; for a private repository install its public key into `/etc/apk/keys/`:\n\n```dockerfile\nCOPY corp.rsa.pub /etc/apk/keys/\nRUN apk add --no-cache corp-tool=1.2.3-r0\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nRUN apk add --no-cache --allow-untrusted /tmp/tool.apk\n', expect: ['--allow-untrusted'], fixed: 'FROM alpine:3.20\nRUN apk add --no-cache /tmp/tool.apk\n' },
    { text: 'FROM alpine:3.20\nONBUILD RUN apk --allow-untrusted add tool\n', expect: ['--allow-untrusted'] },
    { text: 'FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n', expect: [] },
  ],
  check({ model, report }) {
    for (const inv of invocationsOfPrograms(model, ['apk'])) {
      for (const hit of findOptions(inv.args, ['--allow-untrusted'], { shortWithValue: 'XpU', longWithValue: ['--repository', '--root', '--arch', '--keys-dir', '--cache-dir', '--virtual', '--repositories-file'] })) {
        const fix = removeOptionFix(model, hit, 'Remove --allow-untrusted');
        report({ start: hit.word.start, end: hit.word.end, message: 'apk --allow-untrusted installs packages without a trusted signature; remove it and add the repository key to /etc/apk/keys.', fixes: fix ? [fix] : undefined });
      }
    }
  },
};
