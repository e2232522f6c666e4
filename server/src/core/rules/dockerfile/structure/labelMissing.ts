import type { DockerfileRule } from '../../../rule';
import { labelPairs, labelSchema } from './labels';
import { referencedStages, stageChain } from './util';

/** A label required by the configured schema is absent from an image the file produces. */
export const labelMissing: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/label-missing',
  title: 'Required label missing',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL3049'],
  compliance: [],
  fixable: false,
  explanation: {
    what:
      'A label listed in `options.labelSchema` is not set in a resulting image: every stage that no other stage builds on or copies from, ' +
      'together with the stages it builds on. Without a schema the rule does nothing.',
    why: 'Organisations rely on labels (owner, source, version, licence) for inventory, provenance and vulnerability triage; an image without them is an orphan.',
    fix: 'Add the label to the final stage:\n\n```dockerfile\nLABEL org.opencontainers.image.source="https://github.com/org/app"\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nLABEL bar="baz"\n', expect: ['FROM'], config: { options: { labelSchema: { foo: 'RawText' } } } },
    { text: 'FROM alpine:3.20 AS base\nLABEL foo="bar"\nFROM base\n', expect: [], config: { options: { labelSchema: { foo: 'RawText' } } }, note: 'inherited' },
    { text: 'FROM alpine:3.20 AS build\nFROM alpine:3.20\nLABEL foo="bar"\nCOPY --from=build /a /a\n', expect: [], config: { options: { labelSchema: { foo: 'text' } } }, note: 'build stage only copied from' },
    { text: 'FROM alpine:3.20 AS base\nFROM alpine:3.20\nLABEL foo="bar"\n', expect: ['FROM alpine:3.20 AS base'], config: { options: { labelSchema: { foo: 'RawText' } } }, note: 'unused stage is a result too' },
    { text: 'FROM alpine:3.20\n', expect: [], note: 'no schema' },
  ],
  check({ model, report, config }) {
    const schema = labelSchema(config);
    if (schema.size === 0) return;
    const pairs = labelPairs(model);
    const used = referencedStages(model);
    for (const stage of model.stages) {
      if (used.has(stage)) continue;
      const chain = new Set(stageChain(stage));
      const present = new Set(pairs.filter((p) => p.instruction.stage && chain.has(p.instruction.stage)).map((p) => p.name));
      const missing = [...schema.keys()].filter((label) => !present.has(label));
      if (missing.length === 0) continue;
      const end = stage.imageSpan?.end ?? stage.from.keywordEnd;
      for (const label of missing) {
        report({
          start: stage.from.start,
          end: stage.nameSpan?.end ?? end,
          message: `Label "${label}" required by the label schema is missing from the image built by this stage; add LABEL ${label}="…".`,
        });
      }
    }
  },
};
