import type { DockerfileRule } from '../../../rule';
import { isWhitespace } from '../helpers';

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
    const escape = model.escapeChar.charCodeAt(0);
    const lines = model.lines;
    const source = model.text;
    // Lines are read in place (no slicing per line): this rule looks at every line of the file.
    let continued = false;
    let pending: number[] = [];
    for (let line = 0; line < lines.lineCount; line++) {
      if (heredocLines.has(line)) {
        continued = false;
        pending = [];
        continue;
      }
      const lineStart = lines.lineStart(line);
      const lineEnd = lines.lineEnd(line);
      let first = lineStart;
      while (first < lineEnd && isWhitespace(source.charCodeAt(first))) first++;
      const blank = first === lineEnd;
      if (continued && blank) {
        pending.push(line);
        continue;
      }
      const comment = !blank && source.charCodeAt(first) === 35; /* # */
      if (continued && comment) continue;
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
      let last = lineEnd - 1;
      while (last >= first && isWhitespace(source.charCodeAt(last))) last--;
      continued = !comment && last >= first && source.charCodeAt(last) === escape;
    }
  },
};
