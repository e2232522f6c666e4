import type { DockerfileRule } from '../../../rule';
import { findOptions, invocationsOfPrograms } from './invocations';
import { WGET_SHORT_WITH_VALUE } from '../integrity/wgetNoCheckCertificate';

const QUIETING = ['--progress', '-q', '--quiet', '-nv', '--no-verbose', '-o', '--output-file', '-a', '--append-output'];

/** wget printing its default progress bar into build logs (hadolint DL3047). */
export const wgetWithoutProgress: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/wget-without-progress',
  title: 'wget without --progress bloats build logs',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL3047'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`wget` without `--progress=…`, `-q`/`--quiet`, `-nv`/`--no-verbose` or a log file option (`-o`, `-a`).',
    why: 'Without a terminal, wget prints a progress line every few kilobytes: large downloads produce megabytes of build log that hide the lines that matter.',
    fix: 'Use `wget --progress=dot:giga …` (GNU wget) or `wget -q …` (also works with busybox wget).',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN wget https://example.com/a.tgz\n', expect: ['wget'], fixed: 'FROM debian:12\nRUN wget --progress=dot:giga https://example.com/a.tgz\n' },
    { text: 'FROM debian:12\nONBUILD RUN wget my.xyz\n', expect: ['wget'], fixed: 'FROM debian:12\nONBUILD RUN wget --progress=dot:giga my.xyz\n' },
    { text: 'FROM debian:12\nRUN wget -qO- https://example.com/a | tar -x && wget -nv x && wget --progress=dot:giga y && wget -o /tmp/log z\n', expect: [] },
  ],
  check({ model, report }) {
    for (const inv of invocationsOfPrograms(model, ['wget'])) {
      if (findOptions(inv.args, QUIETING, { shortWithValue: WGET_SHORT_WITH_VALUE.replace(/[oa]/g, ''), singleDashLong: ['-nv', '-nc', '-nd', '-nH', '-np'] }).length > 0) continue;
      const jsonForm = model.text[inv.nameWord.end] === '"';
      report({
        start: inv.nameWord.start,
        end: inv.nameWord.end,
        message: 'wget without --progress (or -q/-nv) fills the build log with progress lines; add --progress=dot:giga or -q.',
        fixes: jsonForm ? undefined : [{ title: 'Add --progress=dot:giga', edits: [{ start: inv.nameWord.end, end: inv.nameWord.end, newText: ' --progress=dot:giga' }], isPreferred: true }],
      });
    }
  },
};
