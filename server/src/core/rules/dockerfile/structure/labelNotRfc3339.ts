import type { DockerfileRule } from '../../../rule';
import { checkLabelValues, valueFixtures } from './labels';

function isRfc3339(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(value);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= 31 && Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 60;
}

/** A label typed `Rfc3339` in the label schema whose value is not an RFC 3339 timestamp. */
export const labelNotRfc3339: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/label-not-rfc3339',
  title: 'Label is not an RFC 3339 timestamp',
  severity: 'warning',
  category: 'maintainability',
  equivalents: ['hadolint:DL3053'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A label whose type in `options.labelSchema` is `Rfc3339` and whose value is not an RFC 3339 timestamp. Values built from variables are not judged.',
    why: 'Tools that read the label (registries, SBOM generators, inventory) parse it by its type and drop or mis-file values that do not match.',
    fix: 'Use a full timestamp with a time zone: `LABEL org.opencontainers.image.created=\"2024-05-01T12:00:00Z\"`.',
  },
  fixtures: valueFixtures('datelabel', 'Rfc3339', 'not-date', ['2021-03-10T10:26:33.564595127+01:00', '2024-05-01T12:00:00Z']),
  check({ model, report, config }) {
    checkLabelValues(model, config, 'Rfc3339', isRfc3339, 'an RFC 3339 timestamp', report);
  },
};
