import type { DockerfileRule } from '../../../rule';
import { simpleShellToJson } from './util';
import { instructionsWith } from '../helpers';

/** `SHELL /bin/bash -c`: SHELL only accepts the JSON form. */
export const shellNotJson: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/shell-not-json',
  title: 'SHELL is not in JSON form',
  severity: 'error',
  category: 'correctness',
  equivalents: ['dockerfile-utils:SHELL_JSON_FORM'],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'A `SHELL` instruction written as plain words.',
    why: 'Docker only accepts `SHELL ["executable", "parameters"]` and fails the build otherwise.',
    fix: '`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`',
  },
  fixtures: [
    { text: 'FROM debian:bookworm\nSHELL /bin/bash -c\n', expect: ['/bin/bash'], fixed: 'FROM debian:bookworm\nSHELL ["/bin/bash", "-c"]\n' },
    { text: 'FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['SHELL'])) {
      if (instruction.form !== 'shell') continue;
      const raw = instruction.argsText;
      const body = raw.trim();
      if (!body) continue;
      const start = instruction.argsStart + (raw.length - raw.trimStart().length);
      const json = simpleShellToJson(body);
      report({
        start,
        end: start + body.length,
        message: `SHELL must be written in JSON form${json ? `: SHELL ${json}` : ' (["executable", "parameters"])'}.`,
        fixes: json ? [{ title: `Write SHELL ${json}`, edits: [{ start, end: start + body.length, newText: json }], isPreferred: true }] : undefined,
      });
    }
  },
};
