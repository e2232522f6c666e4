import type { DockerfileRule } from '../../../rule';
import { copyOperands } from './util';
import { instructionsWith } from '../helpers';

/** `COPY a b dest`: with several sources Docker requires the destination to be a directory ending in `/`. */
export const copyMultipleSourcesNeedsDirectory: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/copy-multiple-sources-needs-directory',
  title: 'COPY/ADD with several sources needs a destination ending in /',
  severity: 'error',
  category: 'correctness',
  equivalents: ['hadolint:DL3021', 'trivy:DS-0011', 'dockerfile-utils:INVALID_DESTINATION'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`COPY` or `ADD` with more than one source whose destination does not end with `/`.',
    why: 'Docker refuses the build ("When using COPY with more than one source file, the destination must be a directory and end with a /").',
    fix: 'End the destination with a slash:\n\n```dockerfile\nCOPY package.json yarn.lock /app/\n```',
  },
  fixtures: [
    { text: 'FROM node:22\nCOPY package.json yarn.lock /app\n', expect: ['/app'], fixed: 'FROM node:22\nCOPY package.json yarn.lock /app/\n' },
    { text: 'FROM node:22\nCOPY foo bar "baz"\n', expect: ['"baz"'], fixed: 'FROM node:22\nCOPY foo bar "baz/"\n' },
    { text: 'FROM node:22\nCOPY ["package.json", "yarn.lock", "myapp"]\n', expect: ['myapp"'], fixed: 'FROM node:22\nCOPY ["package.json", "yarn.lock", "myapp/"]\n', note: 'JSON form' },
    { text: 'FROM node:22\nADD a.tar b.tar /opt\n', expect: ['/opt'], fixed: 'FROM node:22\nADD a.tar b.tar /opt/\n' },
    { text: 'FROM node:22\nCOPY foo bar\nCOPY foo bar baz/\nCOPY --chown=1:1 a b ${DEST}\n', expect: [], note: 'single source, directory, variable' },
    { text: 'FROM node:22\nCOPY <<EOF /app/run.sh\necho hi\nEOF\n', expect: [], note: 'one heredoc source' },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['COPY', 'ADD'])) {
      const { sources, destination } = copyOperands(model, instruction);
      if (!destination || sources.length < 2) continue;
      if (destination.value.endsWith('/') || destination.value.endsWith('\\') || /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(destination.value)) continue;
      const quoted = destination.raw.length >= 2 && /^["']/.test(destination.raw) && destination.raw.at(-1) === destination.raw[0];
      const insertAt = quoted ? destination.end - 1 : destination.end;
      report({
        start: destination.start,
        end: destination.end,
        message: `${instruction.keyword} with ${sources.length} sources needs a directory destination ending in "/": "${destination.value}" → "${destination.value}/".`,
        fixes: [{ title: `Change the destination to "${destination.value}/"`, edits: [{ start: insertAt, end: insertAt, newText: '/' }], isPreferred: true }],
      });
    }
  },
};
