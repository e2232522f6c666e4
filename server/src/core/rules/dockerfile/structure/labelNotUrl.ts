import type { DockerfileRule } from '../../../rule';
import { checkLabelValues, valueFixtures } from './labels';

function isUrl(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** A label typed `Url` in the label schema whose value is not an absolute URL. */
export const labelNotUrl: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/label-not-url',
  title: 'Label is not a valid URL',
  severity: 'warning',
  category: 'maintainability',
  equivalents: ['hadolint:DL3052'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A label whose type in `options.labelSchema` is `Url` and whose value is not an absolute URL. Values built from variables are not judged.',
    why: 'Tools that read the label (registries, SBOM generators, inventory) parse it by its type and drop or mis-file values that do not match.',
    fix: 'Use an absolute URL with a scheme: `LABEL org.opencontainers.image.source=\"https://github.com/org/app\"`.',
  },
  fixtures: valueFixtures('urllabel', 'Url', 'not-url', ['http://example.com', 'https://github.com/org/app']),
  check({ model, report, config }) {
    checkLabelValues(model, config, 'Url', isUrl, 'an absolute URL', report);
  },
};
