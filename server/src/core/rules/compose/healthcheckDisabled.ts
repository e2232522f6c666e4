import type { ComposeRule } from '../../rule';
import { asMap } from '../../documents/yaml';
import { pairSpan, stringEntries, booleanValue } from './helpers';
import { GroupedReports, mapField, ownField } from './shared';

/** `healthcheck: {disable: true}` or `test: ["NONE"]` turns off the image's health check. */
export const composeHealthcheckDisabled: ComposeRule = {
  kind: 'compose',
  id: 'compose/healthcheck-disabled',
  title: 'Service health check disabled',
  severity: 'info',
  category: 'reliability',
  equivalents: [],
  compliance: ['CIS-Docker-5.26'],
  explanation: {
    what:
      'A service sets `healthcheck: {disable: true}` or `healthcheck: {test: ["NONE"]}`. A service with no ' +
      '`healthcheck:` at all is not reported: it inherits the image\'s `HEALTHCHECK`, which this rule cannot see ' +
      '(KICS\'s Healthcheck Not Set reports that absence too, so it is not claimed as an equivalent).',
    why:
      'Without a health check Docker only knows whether the process is running, not whether it works: a hung service ' +
      'stays "up", `depends_on: {condition: service_healthy}` cannot wait for it, and orchestrators never replace it.',
    fix: 'Remove the override to keep the image\'s health check, or define one: `healthcheck: {test: ["CMD", "curl", "-f", "http://localhost/health"], interval: 30s}`.',
  },
  fixtures: [
    { text: 'services:\n  web:\n    image: web:1\n    healthcheck:\n      disable: true\n', expect: ['disable: true'] },
    { text: 'services:\n  web:\n    image: web:1\n    healthcheck: {test: ["NONE"]}\n  api:\n    image: api:1\n    healthcheck:\n      disable: yes\n', expect: ['test: ["NONE"]', 'disable: yes'], note: 'NONE, YAML 1.1 yes' },
    { text: 'services:\n  web:\n    image: web:1\n  api:\n    image: api:1\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost"]\n      disable: false\n', expect: [] },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      const healthcheck = asMap(ownField(model, service, 'healthcheck')?.value);
      if (!healthcheck) continue;
      const disable = mapField(model, healthcheck, 'disable');
      const test = mapField(model, healthcheck, 'test');
      const first = test ? stringEntries(model, test.value)[0]?.value : undefined;
      const found = disable && booleanValue(model.file, disable.value) === true ? disable : first === 'NONE' ? test : undefined;
      if (!found) continue;
      groups.add(found.pair, service, (label) => ({
        ...pairSpan(model.file, found.pair),
        message: `${label} disables its health check: a hung process still counts as up and depends_on: service_healthy cannot wait for it; define a healthcheck instead.`,
      }));
    }
    groups.flush(report);
  },
};
