import type { DockerfileRule } from '../../../rule';
import { reportOverridden } from './multipleInstructions';

/** Several CMD in one stage: only the last one counts. */
export const multipleCmd: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/multiple-cmd',
  title: 'Several CMD instructions in one stage',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL4003', 'trivy:DS-0016', 'buildkit:MultipleInstructionsDisallowed', 'dockerfile-utils:MULTIPLE_INSTRUCTIONS'],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'A stage contains more than one `CMD`; each one except the last is reported.',
    why: 'Only the last `CMD` of a stage takes effect. The earlier ones are dead code that misleads readers about how the container behaves.',
    fix: 'Keep a single `CMD` per stage (the quick fix removes the overridden ones).',
  },
  fixtures: [
    {
      text: 'FROM node:22\nCMD ["node", "a.js"]\nRUN true\nCMD ["node", "b.js"]\n',
      expect: ['CMD ["node", "a.js"]'],
      fixed: 'FROM node:22\nRUN true\nCMD ["node", "b.js"]\n',
    },
    { text: 'FROM node:22 AS a\nCMD ["node", "a.js"]\nFROM a\nCMD ["node", "b.js"]\n', expect: [], note: 'one per stage' },
    { text: 'FROM node:22\nCMD ["node", "a.js"]\nONBUILD CMD ["node", "b.js"]\n', expect: [], note: 'an ONBUILD trigger is not part of this image' },
    { text: 'FROM node:22\r\nCMD ["node", "a.js"]\r\nCMD ["node", "b.js"]\r\n', expect: ['CMD ["node", "a.js"]'], fixed: 'FROM node:22\r\nCMD ["node", "b.js"]\r\n', note: 'CRLF' },
  ],
  check({ model, report }) {
    reportOverridden(model, 'CMD', report);
  },
};
