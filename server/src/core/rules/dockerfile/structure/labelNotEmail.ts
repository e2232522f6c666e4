import type { DockerfileRule } from '../../../rule';
import { checkLabelValues, valueFixtures } from './labels';

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
function isEmail(value: string): boolean {
  return EMAIL.test(value) && !value.startsWith('.') && !value.includes('..');
}

/** A label typed `Email` in the label schema whose value is not an e-mail address. */
export const labelNotEmail: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/label-not-email',
  title: 'Label is not an e-mail address',
  severity: 'warning',
  category: 'maintainability',
  equivalents: ['hadolint:DL3058'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A label whose type in `options.labelSchema` is `Email` and whose value is not an e-mail address. Values built from variables are not judged.',
    why: 'Tools that read the label (registries, SBOM generators, inventory) parse it by its type and drop or mis-file values that do not match.',
    fix: 'Use a plain address: `LABEL maintainer=\"team@example.org\"`.',
  },
  fixtures: valueFixtures('maintainer', 'Email', 'not-email', ['abcd@google.com', 'first.last+tag@mail.example.org']),
  check({ model, report, config }) {
    checkLabelValues(model, config, 'Email', isEmail, 'an e-mail address', report);
  },
};
