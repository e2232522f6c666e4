import type { DockerfileRule } from '../../../rule';
import { labelPairs, labelSchema, strictLabels } from './labels';

/** With `strictLabels`, labels outside the schema are reported. */
export const labelSuperfluous: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/label-superfluous',
  title: 'Label not in the label schema',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL3050'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'With `options.strictLabels: true`, a `LABEL` key that the configured `options.labelSchema` does not list.',
    why: 'A closed label vocabulary keeps image metadata queryable; ad-hoc keys (often typos of required ones) defeat it.',
    fix: 'Remove the label, rename it to the schema key, or add it to the schema.',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nLABEL required="foo" other="bar"\n', expect: ['other'], config: { options: { labelSchema: { required: 'RawText' }, strictLabels: true } } },
    { text: 'FROM alpine:3.20\nLABEL required="foo" other="bar"\n', expect: [], config: { options: { labelSchema: { required: 'RawText' } } }, note: 'not strict' },
  ],
  check({ model, report, config }) {
    if (!strictLabels(config)) return;
    const schema = labelSchema(config);
    for (const pair of labelPairs(model)) {
      if (schema.has(pair.name)) continue;
      report({ start: pair.nameSpan.start, end: pair.nameSpan.end, message: `Label "${pair.name}" is not in the label schema (strict labels); remove it or add it to the schema.` });
    }
  },
};
