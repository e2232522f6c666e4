import type { DockerfileRule } from '../../../rule';
import { labelPairs, labelSchema } from './labels';

/** A schema label set to an empty value. */
export const labelEmpty: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/label-empty',
  title: 'Schema label is empty',
  severity: 'warning',
  category: 'maintainability',
  equivalents: ['hadolint:DL3051'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A label listed in `options.labelSchema` set to an empty string.',
    why: 'An empty required label satisfies the presence check while carrying no information, usually because a build argument was not passed.',
    fix: 'Give it a value, or a default for the build argument it comes from: `ARG VERSION=0.0.0-dev`.',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nLABEL emptylabel=""\n', expect: ['emptylabel'], config: { options: { labelSchema: { emptylabel: 'RawText' } } } },
    { text: 'FROM alpine:3.20\nLABEL emptylabel="foo" other=""\n', expect: [], config: { options: { labelSchema: { emptylabel: 'RawText' } } } },
  ],
  check({ model, report, config }) {
    const schema = labelSchema(config);
    for (const pair of labelPairs(model)) {
      if (!schema.has(pair.name) || (pair.value ?? '') !== '') continue;
      report({ start: pair.nameSpan.start, end: pair.span.end, message: `Label "${pair.name}" is empty; give it a value.` });
    }
  },
};
