import type { DockerfileRule } from '../../../rule';
import { fromFlag, stageByReference } from './util';
import { instructionsWith } from '../helpers';

/** `COPY --from=build` where no earlier stage is called `build`: Docker pulls an image of that name instead. */
export const copyFromUndefinedStage: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/copy-from-undefined-stage',
  title: 'COPY --from names no earlier stage',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL3022'],
  compliance: [],
  fixable: false,
  explanation: {
    what: '`COPY --from=<name>` where `<name>` is neither a stage defined earlier in the file, nor a valid earlier stage index, nor an image reference with a tag or registry.',
    why:
      'When no earlier stage matches, Docker treats the name as an image and pulls `<name>:latest` from Docker Hub: a typo or a stage defined further down ' +
      'silently copies files from someone else\'s image (or fails the build).',
    fix: 'If the name is a named build context (`docker buildx build --build-context name=…`), suppress the finding on that line. Otherwise define the stage before the COPY (`FROM golang:1.23 AS build`), fix the name, or reference an image explicitly (`--from=busybox:1.36`).',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nCOPY --from=build /out /app\nFROM golang:1.23 AS build\n', expect: ['build'], note: 'defined after use' },
    { text: 'FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=build /out /app\nCOPY --from=BUILD /out /app2\n', expect: [] },
    { text: 'FROM alpine:3.20\nCOPY --from=busybox:1.36 /bin/busybox /bin/\nCOPY --from=ghcr.io/org/tool /tool /tool\nCOPY --from=$IMG /x /x\n', expect: [] },
    { text: 'FROM alpine:3.20\nCOPY --from=1 /x /x\n', expect: ['1 /x'], note: 'no stage with that index before this one' },
    { text: 'FROM golang:1.23\nFROM alpine:3.20\nCOPY --from=0 /x /x\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['COPY'])) {
      const flag = fromFlag(instruction);
      if (!flag || !flag.value || flag.valueStart === undefined || flag.valueEnd === undefined) continue;
      const reference = flag.value.replace(/^["']|["']$/g, '');
      if (!reference || reference.includes('$') || /[:/@]/.test(reference)) continue;
      // ONBUILD triggers run downstream, where any stage of this file is "earlier".
      const stage = instruction.onbuild ? undefined : instruction.stage;
      const found = instruction.onbuild ? stageByReference(model, reference) : stage ? stageByReference(model, reference, stage) : undefined;
      if (found) continue;
      if (stage && (reference === String(stage.index) || stage.name?.toLowerCase() === reference.toLowerCase())) continue; // copy-from-own-stage
      const later = model.stages.find((s) => s.name?.toLowerCase() === reference.toLowerCase());
      const message = /^\d+$/.test(reference)
        ? `COPY --from=${reference} refers to stage index ${reference}, but only ${stage ? stage.index : 0} stage(s) come before it.`
        : later
          ? `COPY --from=${reference} refers to stage "${later.name}" which is defined later; move that stage above this one.`
          : `COPY --from=${reference} matches no earlier stage; unless it is a named build context (--build-context), Docker pulls the image "${reference}:latest" — define the stage or name the image with a tag.`;
      report({ start: flag.valueStart, end: flag.valueEnd, message });
    }
  },
};
