import type { DockerfileRule } from '../../../rule';

/** An empty line inside a `\` continuation (heredoc bodies excepted). */
export const emptyContinuationLine: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/empty-continuation-line',
  title: 'Empty line inside a line continuation',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['buildkit:NoEmptyContinuation', 'dockerfile-utils:EMPTY_CONTINUATION_LINE'],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'A blank line between a line ending in `\\` and the rest of the instruction. Lines inside heredocs are content, not continuations, and are not reported.',
    why: 'Docker currently drops the blank line, but it is deprecated and will become an error; it also makes the instruction look finished when it is not.',
    fix: 'Remove the blank line (or end the instruction before it).',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nCOPY Dockerfile \\\n\n.\n', expect: [{ at: '\n.', nth: 1 }], fixed: 'FROM alpine:3.20\nCOPY Dockerfile \\\n.\n' },
    { text: 'FROM alpine:3.20\r\nRUN apk add \\\r\n   \r\n    curl\r\n', expect: ['   \r\n'], fixed: 'FROM alpine:3.20\r\nRUN apk add \\\r\n    curl\r\n', note: 'CRLF, whitespace-only line' },
    { text: 'FROM alpine:3.20\nRUN apk add \\\n# a comment is fine\n    curl\n', expect: [] },
    { text: 'FROM alpine:3.20\nRUN <<EOF\necho a \\\n\necho b\nEOF\n', expect: [], note: 'heredoc body (vscode-docker#3576)' },
    { text: 'FROM alpine:3.20\nCOPY <<EOF /etc/x.conf\nkey \\\n\nvalue\nEOF\n', expect: [], note: 'COPY heredoc content' },
  ],
  check({ model, report }) {
    const heredocLines = new Set<number>();
    for (const instruction of model.instructionsWithTriggers) {
      for (const h of instruction.heredocs) {
        const first = model.lines.positionAt(h.contentStart).line;
        const last = model.lines.positionAt(h.terminated ? h.contentEnd : model.text.length).line;
        // The closing delimiter line belongs to the heredoc too.
        for (let l = first; l <= last + 1; l++) heredocLines.add(l);
      }
    }
    const escape = model.escapeChar;
    let continued = false;
    let pending: number[] = [];
    for (let line = 0; line < model.lines.lineCount; line++) {
      if (heredocLines.has(line)) {
        continued = false;
        pending = [];
        continue;
      }
      const text = model.lines.lineText(line);
      if (continued && text.trim() === '') {
        pending.push(line);
        continue;
      }
      if (continued && /^\s*#/.test(text)) continue;
      if (continued) {
        for (const empty of pending) {
          const start = model.lines.lineStart(empty);
          const end = model.lines.lineStart(empty + 1);
          report({
            start,
            end: model.lines.lineEnd(empty),
            message: `Empty line inside a continued instruction (line ${empty + 1}); remove it — empty continuation lines will become an error.`,
            fixes: [{ title: 'Remove the empty line', edits: [{ start, end, newText: '' }], isPreferred: true }],
          });
        }
      }
      pending = [];
      const trimmed = text.replace(/\s+$/, '');
      continued = !/^\s*#/.test(text) && trimmed.endsWith(escape);
    }
  },
};
