import type { ComposeRule } from '../../rule';
import { serviceAnchor, setServiceFieldFix } from './helpers';
import { GroupedReports, booleanOf, canEditService, judgesAbsence, serviceField, sourceSpan } from './shared';

/** The container's root filesystem is writable (`read_only` unset or false). */
export const composeReadOnlyFilesystem: ComposeRule = {
  kind: 'compose',
  id: 'compose/read-only-filesystem',
  title: 'Service root filesystem is writable',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['semgrep:writable-filesystem-service'],
  compliance: ['CIS-Docker-5.12'],
  enabledByDefault: false,
  fixable: true,
  explanation: {
    what: 'A service does not set `read_only: true` (own, merged from `<<:` or inherited with `extends`), or sets it to false.',
    why:
      'With a writable root filesystem an attacker who gets code execution can drop tools, modify the application, ' +
      'plant persistence that survives process restarts, and tamper with binaries other processes run. A read-only ' +
      'root filesystem forces writes into declared volumes and tmpfs mounts, which are easy to review. Off by default ' +
      '(the `strict` profile enables it): many images write to `/tmp`, `/var/run` or caches and need `tmpfs:` entries ' +
      'first. (semgrep\'s writable-filesystem-service checks the same.)',
    fix: 'Set `read_only: true` and give the service tmpfs mounts for the paths it writes:\n\n```yaml\nread_only: true\ntmpfs: [/tmp, /var/run]\n```',
  },
  fixtures: [
    {
      text: 'services:\n  web:\n    image: nginx:1.27\n    tmpfs: [/tmp]\n',
      expect: ['web'],
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    tmpfs: [/tmp]\n    read_only: true\n',
    },
    {
      text: 'services:\n  web: {image: "nginx:1.27", read_only: no}\n',
      expect: ['read_only: no'],
      fixed: 'services:\n  web: {image: "nginx:1.27", read_only: true}\n',
      note: 'YAML 1.1 false, flow style',
    },
    {
      text: '{"services": {"web": {"image": "nginx:1.27"}}}\n',
      expect: ['"web"'],
      fixed: '{"services": {"web": {"image": "nginx:1.27", "read_only": true}}}\n',
      note: 'JSON',
    },
    {
      text:
        'x-ro: &ro\n  read_only: true\nservices:\n  a:\n    <<: *ro\n    image: a:1\n  b:\n    image: b:1\n    read_only: "true"\n  c:\n    extends: {service: b}\n' +
        '  d:\n    image: d:1\n    read_only: ${READ_ONLY:-true}\n  e:\n    image: e:1\n    read_only: yes\n',
      expect: [],
      note: 'merged, extends, interpolation, yes',
    },
  ],
  check({ model, fileName, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      const source = serviceField(model, service, 'read_only');
      const value = source ? booleanOf(model, source) ?? quotedBoolean(source.value) : undefined;
      if (value === true) continue;
      const fix = canEditService(service) ? [setServiceFieldFix(model, service, ['read_only'], true, 'Set read_only: true')] : undefined;
      if (source) {
        // A base's `read_only: false` is reported on the base.
        if (value !== false || source.via === 'extends') continue;
        groups.add(source.pair, service, (label) => ({
          ...sourceSpan(model, source),
          message: `${label} has a writable root filesystem (read_only: false): an attacker can modify binaries and plant persistence; set read_only: true and add tmpfs for scratch paths.`,
          fixes: source.via === 'own' ? fix : undefined,
        }));
        continue;
      }
      if (!judgesAbsence(model, service, fileName)) continue;
      report({
        ...serviceAnchor(service),
        message: `service "${service.name}" has a writable root filesystem: set read_only: true and add tmpfs mounts for the paths it writes.`,
        missing: true,
        fixes: fix,
      });
    }
    groups.flush(report);
  },
};

/** Compose also accepts the strings "true"/"false" for booleans. */
function quotedBoolean(node: unknown): boolean | undefined {
  const value = (node as { value?: unknown } | null)?.value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}
