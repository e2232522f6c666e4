import type { DockerfileRule } from '../../../rule';
import { substituteVariables } from '../../../documents/dockerfile';
import { copyOperands, flagOf, isArchiveName, isGitSource, isUrl } from './copyOperands';
import { variablesInScope, instructionsWith } from '../helpers';

/** ADD-only flags: with them, ADD cannot become COPY. */
const ADD_ONLY_FLAGS = ['checksum', 'keep-git-dir', 'unpack'];

/** ADD used for plain local files, where COPY says what happens. */
export const addInsteadOfCopy: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/add-instead-of-copy',
  title: 'Use COPY instead of ADD for local files and folders',
  severity: 'warning',
  category: 'best-practice',
  equivalents: ['hadolint:DL3020', 'trivy:DS-0005'],
  compliance: ['CIS-Docker-4.9'],
  fixable: true,
  explanation: {
    what: '`ADD` whose sources are local files or folders that are not tar archives (remote URLs, git repositories and archives ADD would unpack are left to other rules).',
    why:
      'ADD has hidden behaviour: it unpacks local tar archives and fetches URLs. Using it for ordinary files makes a Dockerfile harder to review ' +
      'and a renamed file (say `app.jar` to `app.tar`) suddenly gets extracted. COPY does only what it says.',
    fix: 'Replace `ADD` with `COPY`:\n\n```dockerfile\nCOPY app.jar /opt/app/app.jar\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nADD app.jar /opt/app/\n', expect: ['ADD'], fixed: 'FROM alpine:3.20\nCOPY app.jar /opt/app/\n' },
    { text: 'FROM alpine:3.20\nadd --chown=app:app ["conf", "/etc/app/"]\n', expect: ['add'], fixed: 'FROM alpine:3.20\ncopy --chown=app:app ["conf", "/etc/app/"]\n' },
    { text: 'FROM alpine:3.20\nADD file.zip /opt/\n', expect: ['ADD'], fixed: 'FROM alpine:3.20\nCOPY file.zip /opt/\n', note: 'ADD does not unpack zip files' },
    { text: 'FROM alpine:3.20\nADD rootfs.tar.gz /\nADD https://example.com/a.txt /a.txt\nADD git@github.com:moby/buildkit.git /src\n', expect: [] },
    { text: 'FROM alpine:3.20\nARG SRC=https://example.com/a.txt\nADD ${SRC} /a.txt\n', expect: [], note: 'variables resolved from ARG defaults' },
    { text: 'FROM alpine:3.20\nONBUILD ADD . /app\n', expect: ['ADD'], fixed: 'FROM alpine:3.20\nONBUILD COPY . /app\n' },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['ADD'])) {
      const operands = copyOperands(model, instruction);
      if (!operands) continue;
      const scope = variablesInScope(model, instruction.onbuild ?? instruction);
      const sources = operands.sources.map((s) => substituteVariables(s.value, scope));
      if (sources.some((s) => s === '' || s.includes('$'))) continue;
      const local = sources.filter((s) => !isUrl(s) && !isGitSource(s) && !isArchiveName(s));
      if (local.length === 0) continue;
      const canBeCopy = !ADD_ONLY_FLAGS.some((f) => flagOf(instruction, f));
      const copyKeyword = instruction.rawKeyword === instruction.rawKeyword.toLowerCase() ? 'copy' : 'COPY';
      report({
        start: instruction.keywordStart,
        end: instruction.keywordEnd,
        message: `ADD of local ${local.length === 1 ? `"${local[0]}"` : `files (${local.join(', ')})`}: use COPY, which neither unpacks archives nor fetches URLs.`,
        fixes: canBeCopy ? [{ title: 'Replace ADD with COPY', edits: [{ start: instruction.keywordStart, end: instruction.keywordEnd, newText: copyKeyword }], isPreferred: true }] : undefined,
      });
    }
  },
};
