import type { DockerfileRule } from '../../../rule';

const KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'ADD', 'COPY']);

/** `['a', 'b']` → `["a", "b"]` when the text is a JSON-like array of single-quoted strings. */
function singleQuotedArray(text: string): string | undefined {
  const m = /^\[\s*('(?:[^'\\\r\n]|\\.)*'(?:\s*,\s*'(?:[^'\\\r\n]|\\.)*')*)\s*\]$/.exec(text);
  if (!m) return undefined;
  const items = [...m[1].matchAll(/'((?:[^'\\\r\n]|\\.)*)'/g)].map((x) => x[1]);
  if (items.some((v) => v.includes('\\'))) return undefined;
  return `[${items.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/** `CMD ['node', 'app.js']`: single quotes are not JSON, so Docker runs the text as a shell command. */
export const jsonInSingleQuotes: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/json-in-single-quotes',
  title: 'Exec form written with single quotes',
  severity: 'error',
  category: 'correctness',
  equivalents: ['dockerfile-utils:JSON_IN_SINGLE_QUOTES'],
  compliance: [],
  fixable: true,
  explanation: {
    what: "An exec-form array written with single quotes: `CMD ['node', 'app.js']`.",
    why: "JSON needs double quotes. Docker does not recognise the array and runs `/bin/sh -c \"['node', 'app.js']\"`, which fails at start-up.",
    fix: 'Use double quotes: `CMD ["node", "app.js"]`.',
  },
  fixtures: [
    { text: "FROM node:22\nCMD ['node', 'app.js']\n", expect: ["['node'"], fixed: 'FROM node:22\nCMD ["node", "app.js"]\n' },
    { text: "FROM node:22\nENTRYPOINT ['/entrypoint.sh']\nVOLUME ['/data']\n", expect: ["['/entrypoint", "['/data"], fixed: 'FROM node:22\nENTRYPOINT ["/entrypoint.sh"]\nVOLUME ["/data"]\n' },
    { text: 'FROM node:22\nCMD ["node", "app.js"]\nRUN echo \'[a]\'\nCMD []\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of model.instructionsWithTriggers) {
      if (!KEYWORDS.has(instruction.keyword)) continue;
      const lastFlag = instruction.flags.at(-1);
      const bodyStart = lastFlag ? lastFlag.end : instruction.argsStart;
      const raw = model.text.slice(bodyStart, instruction.end);
      const body = raw.trim();
      if (!body.startsWith("['") && !/^\[\s+'/.test(body)) continue;
      const json = singleQuotedArray(body);
      if (!json) continue;
      const start = bodyStart + (raw.length - raw.trimStart().length);
      report({
        start,
        end: start + body.length,
        message: `${instruction.keyword} uses single quotes, so it is not JSON and runs as a shell command; write ${json}.`,
        fixes: [{ title: 'Use double quotes', edits: [{ start, end: start + body.length, newText: json }], isPreferred: true }],
      });
    }
  },
};
