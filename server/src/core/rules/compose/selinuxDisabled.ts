import type { ComposeRule } from '../../rule';
import { GroupedReports, securityOpts } from './shared';

/** SELinux labelling turned off (`label:disable`) or an unconfined type (`spc_t`, `unconfined_t`). */
export const composeSelinuxDisabled: ComposeRule = {
  kind: 'compose',
  id: 'compose/selinux-disabled',
  title: 'SELinux separation disabled for a service',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['semgrep:selinux-separation-disabled'],
  compliance: ['CIS-Docker-5.2', 'CWE-693'],
  explanation: {
    what:
      'A service\'s `security_opt` contains `label:disable` / `label=disable`, or gives the container an unconfined ' +
      'SELinux type (`label:type:spc_t`, `label=type:unconfined_t`).',
    why:
      'On SELinux hosts (RHEL, Fedora, CentOS) every container runs as `container_t` with its own MCS category, which ' +
      'keeps it away from host files and from other containers even when it runs as root. Disabling labelling or ' +
      'using the "super privileged container" type removes that separation. (semgrep\'s ' +
      'selinux-separation-disabled checks `label:disable` too.)',
    fix:
      'Remove the option. For bind mounts the container cannot read, relabel them with the `:z` (shared) or `:Z` ' +
      '(private) volume option instead of disabling SELinux.',
  },
  fixtures: [
    { text: 'services:\n  app:\n    image: app:1\n    security_opt:\n      - label:disable\n', expect: ['label:disable'] },
    { text: 'services:\n  app: {image: "app:1", security_opt: ["label=disable", "label=type:spc_t"]}\n', expect: ['"label=disable"', '"label=type:spc_t"'], note: '= form, spc_t' },
    { text: 'services:\n  app:\n    image: app:1\n    security_opt: ["label=type:container_t", "label:level:s0:c100,c200"]\n    volumes: ["./data:/data:Z"]\n', expect: [] },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      for (const option of securityOpts(model, service, false)) {
        if (option.name !== 'label' || option.value === undefined) continue;
        const value = option.value.toLowerCase();
        const unconfinedType = /^type[:=](spc_t|unconfined_t)$/.exec(value)?.[1];
        if (value !== 'disable' && !unconfinedType) continue;
        groups.add(option.node, service, (label) => ({
          ...option.span,
          message: unconfinedType
            ? `${label} runs with the unconfined SELinux type ${unconfinedType}: SELinux no longer separates it from the host; remove the option.`
            : `${label} disables SELinux labelling (label:disable): SELinux no longer separates it from the host and other containers; use :z/:Z on volumes instead.`,
        }));
      }
    }
    groups.flush(report);
  },
};
