import type { ComposeRule } from '../../rule';
import { removeServiceFieldFix } from './helpers';
import { GroupedReports, canEditService, ownField, sourceSpan, stringOf } from './shared';

/** `cgroup_parent` moves the container out of Docker's cgroup hierarchy. */
export const composeCgroupParent: ComposeRule = {
  kind: 'compose',
  id: 'compose/cgroup-parent',
  title: 'Service sets a custom cgroup parent',
  severity: 'info',
  category: 'resources',
  equivalents: ['kics:cgroup_not_default'],
  compliance: ['CIS-Docker-5.24'],
  fixable: true,
  explanation: {
    what: 'A service sets `cgroup_parent`.',
    why:
      'Docker places containers under its own cgroup, where the daemon\'s limits and accounting apply. A custom parent ' +
      'moves the container elsewhere in the host\'s hierarchy — possibly under a slice with no limits, or one shared ' +
      'with host services it can then starve. Use it only when the host\'s resource layout requires it.',
    fix: 'Remove `cgroup_parent` unless the host\'s resource management depends on it, and document why if it stays.',
  },
  fixtures: [
    {
      text: 'services:\n  app:\n    image: app:1\n    cgroup_parent: m-executor-abcd\n    restart: always\n',
      expect: ['cgroup_parent'],
      fixed: 'services:\n  app:\n    image: app:1\n    restart: always\n',
    },
    {
      text: 'services:\n  app: {image: "app:1", cgroup_parent: "/custom.slice"}\n',
      expect: ['cgroup_parent'],
      fixed: 'services:\n  app: {image: "app:1"}\n',
      note: 'flow style',
    },
    {
      text: 'x-base: &base\n  cgroup_parent: batch.slice\nservices:\n  a:\n    <<: *base\n    image: a:1\n  b:\n    <<: *base\n    image: b:1\n',
      expect: ['cgroup_parent'],
      note: 'merged: reported once, no fix (it would change every service using the block)',
    },
    { text: 'services:\n  app:\n    image: app:1\n    cgroup_parent: ""\n  b:\n    image: b:1\n', expect: [] },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      const source = ownField(model, service, 'cgroup_parent');
      if (!stringOf(model, source)?.trim()) continue;
      const fixes = source!.via === 'own' && canEditService(service) ? [removeServiceFieldFix(model, service, ['cgroup_parent'], 'Remove cgroup_parent')] : undefined;
      groups.add(source!.pair, service, (label) => ({
        ...sourceSpan(model, source!),
        message: `${label} sets cgroup_parent: the container leaves Docker's cgroup hierarchy and its limits; remove it unless the host's resource layout requires it.`,
        fixes,
      }));
    }
    groups.flush(report);
  },
};
