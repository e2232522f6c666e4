import type { DockerfileRule } from '../../../rule';
import { reportOverridden } from './multipleInstructions';

/** Several HEALTHCHECK in one stage: only the last one counts. */
export const multipleHealthcheck: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/multiple-healthcheck',
  title: 'Several HEALTHCHECK instructions in one stage',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL3012', 'trivy:DS-0023', 'buildkit:MultipleInstructionsDisallowed', 'dockerfile-utils:MULTIPLE_INSTRUCTIONS'],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'A stage contains more than one `HEALTHCHECK`; each one except the last is reported.',
    why: 'Only the last `HEALTHCHECK` of a stage takes effect. The earlier ones are dead code that misleads readers about how the container behaves.',
    fix: 'Keep a single `HEALTHCHECK` per stage (the quick fix removes the overridden ones).',
  },
  fixtures: [
    {
      text: 'FROM node:22\nHEALTHCHECK CMD ["/a"]\nRUN true\nHEALTHCHECK CMD ["/b"]\n',
      expect: ['HEALTHCHECK CMD ["/a"]'],
      fixed: 'FROM node:22\nRUN true\nHEALTHCHECK CMD ["/b"]\n',
    },
    { text: 'FROM node:22 AS a\nHEALTHCHECK CMD ["/a"]\nFROM a\nHEALTHCHECK CMD ["/b"]\n', expect: [], note: 'one per stage' },
    { text: 'FROM node:22\nHEALTHCHECK CMD ["/a"]\nONBUILD HEALTHCHECK CMD ["/b"]\n', expect: [], note: 'an ONBUILD trigger is not part of this image' },
    { text: 'FROM node:22\r\nHEALTHCHECK CMD ["/a"]\r\nHEALTHCHECK CMD ["/b"]\r\n', expect: ['HEALTHCHECK CMD ["/a"]'], fixed: 'FROM node:22\r\nHEALTHCHECK CMD ["/b"]\r\n', note: 'CRLF' },
  ],
  check({ model, report }) {
    reportOverridden(model, 'HEALTHCHECK', report);
  },
};
