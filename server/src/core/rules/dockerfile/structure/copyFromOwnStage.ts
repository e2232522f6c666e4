import type { DockerfileRule } from '../../../rule';
import { fromFlag } from './util';
import { instructionsWith } from '../helpers';

/** `COPY --from=app` inside the stage named `app`. */
export const copyFromOwnStage: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/copy-from-own-stage',
  title: 'COPY --from references its own stage',
  severity: 'error',
  category: 'correctness',
  equivalents: ['hadolint:DL3023', 'trivy:DS-0006'],
  compliance: [],
  fixable: false,
  explanation: {
    what: '`COPY --from=<stage>` inside that same stage.',
    why: 'A stage cannot copy from itself: BuildKit reports a circular dependency, and the classic builder looks for an image with that name instead.',
    fix: 'Copy from the stage that produced the files, or use a plain `COPY` / `RUN cp` within the stage.',
  },
  fixtures: [
    { text: 'FROM node:22 AS foo\nCOPY --from=foo bar .\n', expect: ['foo bar'] },
    { text: 'FROM node:22 AS Foo\nCOPY --from=foo bar .\n', expect: ['foo bar'], note: 'stage names are case-insensitive' },
    { text: 'FROM node:22\nFROM alpine:3.20\nCOPY --from=1 /a /a\n', expect: ['1 /a'], note: 'by index' },
    { text: 'FROM golang:1.23 AS build\nFROM alpine:3.20 AS run\nCOPY --from=build /out /app\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['COPY'], false)) {
      if (!instruction.stage) continue;
      const flag = fromFlag(instruction);
      if (!flag?.value || flag.valueStart === undefined || flag.valueEnd === undefined) continue;
      const reference = flag.value.replace(/^["']|["']$/g, '').toLowerCase();
      const stage = instruction.stage;
      if (reference !== String(stage.index) && reference !== stage.name?.toLowerCase()) continue;
      report({
        start: flag.valueStart,
        end: flag.valueEnd,
        message: `COPY --from=${flag.value} refers to the stage it is in; copy from the stage that built the files instead.`,
      });
    }
  },
};
