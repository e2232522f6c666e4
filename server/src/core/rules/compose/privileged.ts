import type { ComposeRule } from '../../rule';
import { removeServiceFieldFix } from './helpers';
import { GroupedReports, booleanOf, canEditService, ownField, sourceSpan } from './shared';

/** `privileged: true` on a service: the container gets every capability and every host device. */
export const composePrivileged: ComposeRule = {
  kind: 'compose',
  id: 'compose/privileged',
  title: 'Privileged service',
  severity: 'error',
  category: 'privileges',
  equivalents: ['kics:privileged_containers_enabled', 'semgrep:privileged-service'],
  compliance: ['CIS-Docker-5.4', 'CWE-250'],
  fixable: true,
  explanation: {
    what: 'A service sets `privileged: true`.',
    why:
      'A privileged container runs with every Linux capability, sees all host devices and is not confined by seccomp or ' +
      'AppArmor: root inside is root on the host. Anyone who compromises the service owns the Docker host and every ' +
      'other container on it.',
    fix: 'Remove `privileged: true`; grant only what the service needs with `cap_add: [NET_ADMIN]` or `devices:`.',
  },
  fixtures: [
    {
      text: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    read_only: true\n',
      expect: ['privileged: true'],
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n',
    },
    { text: 'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n', expect: [] },
    { text: 'services:\n  web: {image: "nginx:1.27", privileged: yes}\n', expect: ['privileged: yes'], note: 'flow style, YAML 1.1 boolean' },
    {
      text: 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n  api:\n    <<: *base\n    image: api:2\n',
      expect: ['privileged: true'],
      note: 'merged from an x- block: reported once, naming both services',
    },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      const source = ownField(model, service, 'privileged');
      if (booleanOf(model, source) !== true) continue;
      // Removing the key is only safe where the service itself writes it (not in a merged `x-` block).
      const fixable = source!.via === 'own' && canEditService(service);
      groups.add(source!.pair, service, (label) => ({
        ...sourceSpan(model, source!),
        message: `${label} is privileged: root in it is root on the Docker host.`,
        fixes: fixable ? [removeServiceFieldFix(model, service, ['privileged'], 'Remove privileged: true')] : undefined,
      }));
    }
    groups.flush(report);
  },
};
