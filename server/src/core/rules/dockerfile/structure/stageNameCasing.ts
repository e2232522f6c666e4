import type { DockerfileRule, OffsetEdit } from '../../../rule';
import type { DockerfileModel, DockerStage } from '../../../documents/dockerfile';

/** Every place that names `stage`: its own AS, `FROM <name>`, `COPY --from=<name>`, `RUN --mount=from=<name>`. */
function referenceEdits(model: DockerfileModel, stage: DockerStage, newName: string): OffsetEdit[] {
  const lower = stage.name!.toLowerCase();
  const edits: OffsetEdit[] = [{ start: stage.nameSpan!.start, end: stage.nameSpan!.end, newText: newName }];
  for (const other of model.stages) {
    if (other.index <= stage.index || !other.imageSpan) continue;
    if (other.image.toLowerCase() === lower) edits.push({ start: other.imageSpan.start, end: other.imageSpan.end, newText: newName });
  }
  for (const instruction of model.instructionsWithTriggers) {
    if (!instruction.stage || instruction.stage.index <= stage.index) continue;
    for (const flag of instruction.flags) {
      if (!flag.value || flag.valueStart === undefined) continue;
      const name = flag.name.toLowerCase();
      if (name === 'from' && flag.value.toLowerCase() === lower) edits.push({ start: flag.valueStart, end: flag.valueEnd!, newText: newName });
      if (name === 'mount') {
        const m = /(^|,)from=([^,]+)/.exec(flag.value);
        if (m && m[2].toLowerCase() === lower) {
          const start = flag.valueStart + m.index + m[1].length + 'from='.length;
          edits.push({ start, end: start + m[2].length, newText: newName });
        }
      }
    }
  }
  return edits;
}

/** `FROM golang AS BuildStage`: stage names are case-insensitive and conventionally lowercase. */
export const stageNameCasing: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/stage-name-casing',
  title: 'Stage name is not lowercase',
  severity: 'hint',
  category: 'maintainability',
  equivalents: ['buildkit:StageNameCasing'],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'A stage name containing uppercase letters.',
    why: 'Stage names are matched case-insensitively, so `Build` and `build` are the same stage; mixed case invites confusion and duplicate names.',
    fix: 'Use lowercase names (the quick fix also renames the references): `FROM golang:1.23 AS build`.',
  },
  fixtures: [
    {
      text: 'FROM golang:1.23 AS BuildStage\nRUN go build -o /out/app\nFROM buildstage AS test\nFROM alpine:3.20\nCOPY --from=BuildStage /out/app /app\nRUN --mount=type=cache,from=BuildStage,target=/x true\n',
      expect: ['BuildStage'],
      fixed: 'FROM golang:1.23 AS buildstage\nRUN go build -o /out/app\nFROM buildstage AS test\nFROM alpine:3.20\nCOPY --from=buildstage /out/app /app\nRUN --mount=type=cache,from=buildstage,target=/x true\n',
    },
    { text: 'FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=build /out /app\n', expect: [] },
  ],
  check({ model, report }) {
    for (const stage of model.stages) {
      if (!stage.name || !stage.nameSpan || stage.name === stage.name.toLowerCase() || stage.name.includes('$')) continue;
      const lower = stage.name.toLowerCase();
      report({
        start: stage.nameSpan.start,
        end: stage.nameSpan.end,
        message: `Stage name "${stage.name}" should be lowercase ("${lower}").`,
        fixes: [{ title: `Rename the stage to "${lower}"`, edits: referenceEdits(model, stage, lower), isPreferred: true }],
      });
    }
  },
};
