import type { DockerfileRule } from '../../../rule';
import { reportOverridden } from './multipleInstructions';

/** Several ENTRYPOINT in one stage: only the last one counts. */
export const multipleEntrypoint: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/multiple-entrypoint',
  title: 'Several ENTRYPOINT instructions in one stage',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL4004', 'trivy:DS-0007', 'buildkit:MultipleInstructionsDisallowed', 'dockerfile-utils:MULTIPLE_INSTRUCTIONS'],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'A stage contains more than one `ENTRYPOINT`; each one except the last is reported.',
    why: 'Only the last `ENTRYPOINT` of a stage takes effect. The earlier ones are dead code that misleads readers about how the container behaves.',
    fix: 'Keep a single `ENTRYPOINT` per stage (the quick fix removes the overridden ones).',
  },
  fixtures: [
    {
      text: 'FROM node:22\nENTRYPOINT ["/a"]\nRUN true\nENTRYPOINT ["/b"]\n',
      expect: ['ENTRYPOINT ["/a"]'],
      fixed: 'FROM node:22\nRUN true\nENTRYPOINT ["/b"]\n',
    },
    { text: 'FROM node:22 AS a\nENTRYPOINT ["/a"]\nFROM a\nENTRYPOINT ["/b"]\n', expect: [], note: 'one per stage' },
    { text: 'FROM node:22\nENTRYPOINT ["/a"]\nONBUILD ENTRYPOINT ["/b"]\n', expect: [], note: 'an ONBUILD trigger is not part of this image' },
    { text: 'FROM node:22\r\nENTRYPOINT ["/a"]\r\nENTRYPOINT ["/b"]\r\n', expect: ['ENTRYPOINT ["/a"]'], fixed: 'FROM node:22\r\nENTRYPOINT ["/b"]\r\n', note: 'CRLF' },
  ],
  check({ model, report }) {
    reportOverridden(model, 'ENTRYPOINT', report);
  },
};
