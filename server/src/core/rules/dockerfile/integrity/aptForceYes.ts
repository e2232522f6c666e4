import type { DockerfileRule } from '../../../rule';
import { findOptions, invocationsOfPrograms, removeOptionFix } from '../shell/invocations';
import { APT_PROGRAMS, APT_SPEC, aptConfigOptions, isTruthy } from './aptOptions';

/** apt-get --force-yes: deprecated switch that also skips authentication and allows downgrades. */
export const aptForceYes: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/apt-force-yes',
  title: 'apt-get --force-yes disables signature checks',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_11'],
  compliance: ['CWE-494', 'CIS-Docker-4.11'],
  fixable: true,
  explanation: {
    what: '`apt-get --force-yes` (or `-o APT::Get::force-yes=true`).',
    why:
      'Besides answering yes, `--force-yes` lets apt install unauthenticated packages, downgrade and remove essential packages: a tampered ' +
      'mirror goes unnoticed and the image can end up in a broken state. It is deprecated since apt 1.1.',
    fix: 'Use `-y` for non-interactive installs; if a downgrade is really intended, say so with `--allow-downgrades`.\n\n```dockerfile\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n```',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN apt-get install --force-yes curl\n', expect: ['--force-yes'], fixed: 'FROM debian:12\nRUN apt-get install -y curl\n', note: 'keeps the command non-interactive' },
    { text: 'FROM debian:12\nRUN apt-get install -y --force-yes curl\n', expect: ['--force-yes'], fixed: 'FROM debian:12\nRUN apt-get install -y curl\n' },
    { text: 'FROM debian:12\nRUN apt-get -o APT::Get::force-yes=true install -y curl\n', expect: ['APT::Get::force-yes=true'] },
    { text: 'FROM debian:12\nRUN apt-get install -y --allow-downgrades curl=7.88.1-10\n', expect: [] },
  ],
  check({ model, report }) {
    for (const inv of invocationsOfPrograms(model, [...APT_PROGRAMS])) {
      const hasYes = findOptions(inv.args, ['-y', '--yes', '--assume-yes'], APT_SPEC).length > 0;
      for (const hit of findOptions(inv.args, ['--force-yes'], APT_SPEC)) {
        const fix = hasYes
          ? removeOptionFix(model, hit, 'Remove --force-yes')
          : { title: 'Replace --force-yes with -y', edits: [{ start: hit.word.start, end: hit.word.end, newText: '-y' }], isPreferred: true };
        report({ start: hit.word.start, end: hit.word.end, message: `${inv.program} --force-yes also installs unauthenticated packages and allows downgrades; use -y instead.`, fixes: fix ? [fix] : undefined });
      }
      for (const option of aptConfigOptions(inv.args)) {
        if (/^APT::Get::force-yes$/i.test(option.key) && isTruthy(option.value)) {
          const valueWord = option.hit.wholeWord && option.hit.name === '-o' ? inv.args[inv.args.indexOf(option.hit.word) + 1] ?? option.hit.word : option.hit.word;
          report({ start: valueWord.start, end: valueWord.end, message: `${option.key}=${option.value} makes ${inv.program} skip authentication and allow downgrades; remove it.` });
        }
      }
    }
  },
};
