import type { DockerfileRule } from '../../../rule';

/** `FROM image as build`: the AS keyword should be cased like FROM. */
export const fromAsCasing: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/from-as-casing',
  title: "'AS' casing does not match 'FROM'",
  severity: 'hint',
  category: 'maintainability',
  equivalents: ['buildkit:FromAsCasing'],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'The `AS` keyword of a `FROM` line is cased differently from `FROM` (`FROM node as build`, `from node AS build`).',
    why: 'Purely stylistic, but BuildKit warns on every build, and consistent keywords keep the stage structure easy to scan.',
    fix: 'Write `FROM node:22 AS build` (or `from node:22 as build` in an all-lowercase file).',
  },
  fixtures: [
    { text: 'FROM node:22 as build\nfrom node:22 AS b2\nFrom node:22 as b3\n', expect: ['as build', 'AS b2'], fixed: 'FROM node:22 AS build\nfrom node:22 as b2\nFrom node:22 as b3\n' },
    { text: 'FROM node:22 AS build\nfrom node:22 as b2\n', expect: [] },
  ],
  check({ model, report }) {
    for (const stage of model.stages) {
      const from = stage.from;
      const as = from.args.find((a, i) => i > 0 && a.value.toLowerCase() === 'as');
      if (!as) continue;
      const keyword = from.rawKeyword;
      const fromUpper = keyword === keyword.toUpperCase();
      const expected = fromUpper ? 'AS' : 'as';
      if (as.value === expected) continue;
      report({
        start: as.start,
        end: as.end,
        message: `'${as.value}' should match the casing of '${keyword}': write '${expected}'.`,
        fixes: [{ title: `Write '${expected}'`, edits: [{ start: as.start, end: as.end, newText: expected }], isPreferred: true }],
      });
    }
  },
};
