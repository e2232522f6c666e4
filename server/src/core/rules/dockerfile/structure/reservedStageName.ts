import type { DockerfileRule } from '../../../rule';

const RESERVED = ['scratch', 'context'];

/** `FROM x AS scratch`: reserved words make `FROM scratch` / `--from=context` ambiguous. */
export const reservedStageName: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/reserved-stage-name',
  title: 'Reserved word used as stage name',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL3063', 'buildkit:ReservedStageName'],
  compliance: [],
  fixable: false,
  explanation: {
    what: `A stage named ${RESERVED.map((r) => `\`${r}\``).join(' or ')}.`,
    why: '`scratch` is the empty base image and `context` names the build context in `--from`/`--mount`; a stage with such a name is ambiguous and may be ignored.',
    fix: 'Rename the stage: `FROM alpine:3.20 AS base`.',
  },
  fixtures: [
    { text: 'FROM alpine:3.20 AS scratch\nFROM alpine:3.20 AS Context\n', expect: ['scratch', 'Context'] },
    { text: 'FROM scratch\nFROM scratch AS a\n', expect: [] },
  ],
  check({ model, report }) {
    for (const stage of model.stages) {
      if (!stage.name || !stage.nameSpan || !RESERVED.includes(stage.name.toLowerCase())) continue;
      report({ start: stage.nameSpan.start, end: stage.nameSpan.end, message: `"${stage.name}" is a reserved word and should not be used as a stage name; rename the stage.` });
    }
  },
};
