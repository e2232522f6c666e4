import type { DockerfileRule } from '../../../rule';
import { findOptions, invocationsOfPrograms, removeOptionFix } from '../shell/invocations';

const OPTIONS = ['--nosignature', '--nodigest', '--noverify', '--nofiledigest'];

/** rpm installing packages with signature or digest checks turned off. */
export const rpmSignatureCheckDisabled: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/rpm-signature-check-disabled',
  title: 'rpm signature or digest verification disabled',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_10'],
  compliance: ['CWE-494', 'CIS-Docker-4.11'],
  fixable: true,
  explanation: {
    what: '`rpm` run with `--nosignature`, `--nodigest`, `--noverify` or `--nofiledigest`.',
    why: 'These skip the checks that prove a package is the one its publisher signed and that it was not corrupted or altered in transit.',
    fix: 'Remove the option and import the signing key first:\n\n```dockerfile\nRUN rpm --import /tmp/RPM-GPG-KEY-vendor && rpm -i /tmp/vendor-tool-1.2.3.rpm\n```',
  },
  fixtures: [
    { text: 'FROM rockylinux:9\nRUN rpm -i --nosignature /tmp/tool.rpm\n', expect: ['--nosignature'], fixed: 'FROM rockylinux:9\nRUN rpm -i /tmp/tool.rpm\n' },
    { text: 'FROM rockylinux:9\nRUN rpm -Uvh --nodigest --nofiledigest /tmp/tool.rpm\n', expect: ['--nodigest', '--nofiledigest'], fixed: 'FROM rockylinux:9\nRUN rpm -Uvh /tmp/tool.rpm\n' },
    { text: 'FROM rockylinux:9\nRUN rpm -i /tmp/tool.rpm && echo --nosignature\n', expect: [] },
  ],
  check({ model, report }) {
    for (const inv of invocationsOfPrograms(model, ['rpm'])) {
      for (const hit of findOptions(inv.args, OPTIONS, { shortWithValue: 'D' , longWithValue: ['--root', '--dbpath', '--define', '--eval', '--macros', '--rcfile', '--prefix', '--relocate'] })) {
        const fix = removeOptionFix(model, hit, `Remove ${hit.name}`);
        report({ start: hit.word.start, end: hit.word.end, message: `rpm ${hit.name} skips verifying that the package is signed and intact; remove it and import the vendor key (rpm --import).`, fixes: fix ? [fix] : undefined });
      }
    }
  },
};
