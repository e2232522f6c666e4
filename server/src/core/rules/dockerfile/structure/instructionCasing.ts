import type { DockerfileRule } from '../../../rule';

/** Mixed-case keywords (`From`) or keywords that go against the file's majority casing. */
export const instructionCasing: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/instruction-casing',
  title: 'Inconsistent instruction casing',
  severity: 'hint',
  category: 'maintainability',
  equivalents: ['buildkit:ConsistentInstructionCasing'],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'An instruction keyword in mixed case (`From`), or in a case different from most instructions of the file.',
    why: 'Keywords are case-insensitive, but consistent casing (uppercase by convention) keeps instructions distinguishable from their arguments.',
    fix: 'Write every keyword in the same case, normally uppercase: `FROM`, `RUN`, `COPY`.',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\ncopy a /a\nCOPY b /b\n', expect: ['copy'], fixed: 'FROM alpine:3.20\nCOPY a /a\nCOPY b /b\n' },
    { text: 'from alpine:3.20\ncopy a /a\nCOPY b /b\n', expect: ['COPY'], fixed: 'from alpine:3.20\ncopy a /a\ncopy b /b\n', note: 'lowercase majority' },
    { text: 'From alpine:3.20 AS base\nFROM alpine:3.20\n', expect: ['From'], fixed: 'FROM alpine:3.20 AS base\nFROM alpine:3.20\n' },
    { text: 'FROM alpine:3.20\nRUN <<EOT\nenv\nEOT\n', expect: [], note: 'heredoc bodies are not instructions' },
    { text: 'from alpine:3.20\nrun true\n', expect: [] },
  ],
  check({ model, report }) {
    let lower = 0;
    let upper = 0;
    for (const i of model.instructions) {
      if (i.rawKeyword === i.rawKeyword.toLowerCase()) lower++;
      else if (i.rawKeyword === i.rawKeyword.toUpperCase()) upper++;
    }
    const majorityLower = lower > upper;
    for (const i of model.instructions) {
      const expected = majorityLower ? i.rawKeyword.toLowerCase() : i.rawKeyword.toUpperCase();
      if (i.rawKeyword === expected) continue;
      const mixed = i.rawKeyword !== i.rawKeyword.toLowerCase() && i.rawKeyword !== i.rawKeyword.toUpperCase();
      report({
        start: i.keywordStart,
        end: i.keywordEnd,
        message: mixed
          ? `'${i.rawKeyword}' should be written in one case; the file mostly uses ${majorityLower ? 'lowercase' : 'uppercase'}: '${expected}'.`
          : `'${i.rawKeyword}' does not match the file's ${majorityLower ? 'lowercase' : 'uppercase'} instructions: '${expected}'.`,
        fixes: [{ title: `Write '${expected}'`, edits: [{ start: i.keywordStart, end: i.keywordEnd, newText: expected }], isPreferred: true }],
      });
    }
  },
};
