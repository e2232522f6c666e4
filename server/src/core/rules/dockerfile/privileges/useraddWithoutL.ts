import type { DockerfileRule } from '../../../rule';
import { hasFlag } from '../../../documents/shell';
import { runCommands } from '../helpers';

function uidOf(args: { text: string; dynamic: boolean }[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if ((t === '-u' || t === '--uid') && args[i + 1] && !args[i + 1].dynamic) return args[i + 1].text;
    if (t.startsWith('--uid=')) return t.slice(6);
    if (/^-u\d+$/.test(t)) return t.slice(2);
  }
  return undefined;
}

/** `-l`, also bundled (`-ml`, `-lu 1000000`); letters after an option that takes a value are that value. */
function bundleHasNoLogInit(word: string): boolean {
  if (!/^-[A-Za-z0-9]+$/.test(word)) return false;
  for (const letter of word.slice(1)) {
    if (letter === 'l') return true;
    if ('bcdefgGkKpsuUZR'.includes(letter)) return false;
  }
  return false;
}

/** `useradd -u 123456` without `-l` writes a sparse lastlog/faillog of gigabytes into the layer. */
export const useraddWithoutL: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/useradd-without-l',
  title: 'useradd with a high UID but without -l',
  severity: 'warning',
  category: 'best-practice',
  equivalents: ['hadolint:DL3046'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`useradd` is given a UID above 99999 without `-l` (`--no-log-init`).',
    why:
      '`useradd` then reserves the user\'s slot in `/var/log/lastlog` and `faillog`, files indexed by UID. They are sparse ' +
      'on disk but layer tarballs are not: a UID of 1,000,000,000 can add gigabytes to the image and exhaust the build disk.',
    fix: 'Add `-l` (`--no-log-init`):\n\n```dockerfile\nRUN useradd -l -u 123456 app\n```',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN useradd -u 123456 luser\n', expect: ['useradd'], fixed: 'FROM debian:12\nRUN useradd -l -u 123456 luser\n' },
    { text: 'FROM debian:12\nRUN groupadd -g 1000000 g && useradd --uid=1000000 -g g luser\n', expect: ['useradd'], fixed: 'FROM debian:12\nRUN groupadd -g 1000000 g && useradd -l --uid=1000000 -g g luser\n' },
    { text: 'FROM debian:12\nRUN useradd -u 12345 luser\n', expect: [] },
    { text: 'FROM debian:12\nRUN useradd -l -u 123456 luser\n', expect: [] },
    { text: 'FROM debian:12\nRUN useradd --no-log-init -u 123456 luser\n', expect: [] },
    { text: 'FROM debian:12\nRUN useradd luser\n', expect: [] },
  ],
  check({ model, report }) {
    for (const { effective } of runCommands(model)) {
      if (effective.program !== 'useradd') continue;
      const uid = uidOf(effective.args);
      if (!uid || !/^\d+$/.test(uid) || Number(uid) <= 99999) continue;
      if (hasFlag(effective.args, ['--no-log-init']) || effective.args.some((a) => bundleHasNoLogInit(a.text))) continue;
      const word = effective.nameWord;
      report({
        start: word.start,
        end: word.end,
        message: `useradd with UID ${uid} but without -l writes huge sparse lastlog/faillog files into the layer; add -l (--no-log-init).`,
        fixes: [{ title: 'Add -l (--no-log-init)', edits: [{ start: word.end, end: word.end, newText: ' -l' }], isPreferred: true }],
      });
    }
  },
};
