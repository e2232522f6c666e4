import type { DockerfileRule } from '../../../rule';

/** The first instruction must be FROM (ARGs for the base image may precede it). */
export const firstInstructionNotFrom: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/first-instruction-not-from',
  title: 'Instruction before the first FROM',
  severity: 'error',
  category: 'correctness',
  equivalents: ['hadolint:DL3061', 'dockerfile-utils:NO_SOURCE_IMAGE'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'An instruction other than `ARG` before the first `FROM` (parser directives and comments are fine).',
    why: 'Docker cannot run it: there is no image yet ("no build stage in current context"), so the build fails.',
    fix: 'Start with `FROM` (optionally preceded by `ARG`s used in it) and move the instruction below.',
  },
  fixtures: [
    { text: 'LABEL foo=bar\nFROM alpine:3.20\n', expect: ['LABEL'] },
    { text: '# syntax=docker/dockerfile:1\nARG BASE=alpine:3.20\nFROM $BASE\nLABEL foo=bar\n', expect: [] },
  ],
  check({ model, report }) {
    const first = model.instructions.find((i) => i.keyword !== 'ARG');
    if (!first || first.keyword === 'FROM') return;
    report({
      start: first.keywordStart,
      end: first.keywordEnd,
      message: `${first.keyword} comes before the first FROM; a Dockerfile must start with FROM (only ARG may precede it).`,
    });
  },
};
