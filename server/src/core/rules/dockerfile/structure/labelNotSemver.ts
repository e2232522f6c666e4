import type { DockerfileRule } from '../../../rule';
import { checkLabelValues, valueFixtures } from './labels';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
function isSemver(value: string): boolean {
  return SEMVER.test(value);
}

/** A label typed `SemVer` in the label schema whose value is not a semantic version. */
export const labelNotSemver: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/label-not-semver',
  title: 'Label is not a semantic version',
  severity: 'warning',
  category: 'maintainability',
  equivalents: ['hadolint:DL3056'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A label whose type in `options.labelSchema` is `SemVer` and whose value is not a semantic version. Values built from variables are not judged.',
    why: 'Tools that read the label (registries, SBOM generators, inventory) parse it by its type and drop or mis-file values that do not match.',
    fix: 'Use MAJOR.MINOR.PATCH with optional pre-release and build parts: `LABEL org.opencontainers.image.version=\"2.0.1-rc1\"`.',
  },
  fixtures: valueFixtures('semver', 'SemVer', 'not-sem-ver', ['1.0.0', '2.0.1-rc1', '1.2.3+build.5']),
  check({ model, report, config }) {
    checkLabelValues(model, config, 'SemVer', isSemver, 'a semantic version', report);
  },
};
