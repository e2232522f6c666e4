import type { DockerfileRule } from '../../../rule';
import { checkLabelValues, valueFixtures } from './labels';

function isGitHash(value: string): boolean {
  return /^[0-9a-f]{7,40}$/i.test(value) || /^[0-9a-f]{64}$/i.test(value);
}

/** A label typed `GitHash` in the label schema whose value is not a git commit hash. */
export const labelNotGitHash: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/label-not-git-hash',
  title: 'Label is not a git commit hash',
  severity: 'warning',
  category: 'maintainability',
  equivalents: ['hadolint:DL3055'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A label whose type in `options.labelSchema` is `GitHash` and whose value is not a git commit hash. Values built from variables are not judged.',
    why: 'Tools that read the label (registries, SBOM generators, inventory) parse it by its type and drop or mis-file values that do not match.',
    fix: 'Use the commit id (7 to 40 hex digits): `LABEL org.opencontainers.image.revision=\"43c572f\"`.',
  },
  fixtures: valueFixtures('githash', 'GitHash', 'not-git-hash', ['2dbfae9', '43c572f1272b6b3171dd1db9e41b7027128ce080']),
  check({ model, report, config }) {
    checkLabelValues(model, config, 'GitHash', isGitHash, 'a git commit hash', report);
  },
};
