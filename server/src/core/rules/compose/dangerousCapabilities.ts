import type { ComposeRule } from '../../rule';
import { GroupedReports, capabilityName, hasInterpolation, listItems, ownField } from './shared';

/** Capabilities that amount to, or lead directly to, root on the host. */
const DANGEROUS: Record<string, string> = {
  ALL: 'every capability — almost the same as privileged: true',
  SYS_ADMIN: 'mount filesystems, use many kernel interfaces; the classic container-escape capability',
  SYS_MODULE: 'load kernel modules: code running in the host kernel',
  SYS_RAWIO: 'raw I/O to devices and memory',
  SYS_PTRACE: 'trace and inject code into processes (all host processes with pid: host)',
  SYS_BOOT: 'reboot the host or load a new kernel',
  SYS_TIME: 'change the host clock, which is not namespaced',
  DAC_READ_SEARCH: 'open host files by handle (the "shocker" escape)',
  NET_ADMIN: 'reconfigure interfaces, firewall and routing — the host\'s too with network_mode: host',
  BPF: 'load eBPF programs into the host kernel',
  PERFMON: 'observe the host kernel and other processes through perf and eBPF',
  MAC_ADMIN: 'change the AppArmor/SELinux policy',
  MAC_OVERRIDE: 'bypass the AppArmor/SELinux policy',
  SYSLOG: 'read kernel addresses and the kernel log',
};

/** `cap_add` of a capability that breaks container isolation. */
export const composeDangerousCapabilities: ComposeRule = {
  kind: 'compose',
  id: 'compose/dangerous-capabilities',
  title: 'Service adds a dangerous capability',
  severity: 'error',
  category: 'privileges',
  equivalents: ['kics:container_capabilities_unrestricted'],
  compliance: ['CIS-Docker-5.3', 'CWE-250'],
  explanation: {
    what:
      '`cap_add` grants `ALL` or a capability that breaks container isolation: SYS_ADMIN, SYS_MODULE, SYS_RAWIO, ' +
      'SYS_PTRACE, SYS_BOOT, SYS_TIME, DAC_READ_SEARCH, NET_ADMIN, BPF, PERFMON, MAC_ADMIN, MAC_OVERRIDE, SYSLOG. ' +
      'Names are matched case-insensitively, with or without the `CAP_` prefix.',
    why:
      'Docker drops these capabilities by default because each is a known route from the container to the host ' +
      'kernel: `SYS_ADMIN` alone enables most published container escapes, `SYS_MODULE` loads code into the kernel, ' +
      '`DAC_READ_SEARCH` reads any host file. `ALL` is nearly `privileged: true`. (KICS\'s Container Capabilities ' +
      'Unrestricted fires on any `cap_add` or a missing `cap_drop`; see compose/capabilities-not-dropped.)',
    fix:
      'Remove the capability, or replace it with the narrow one the service needs (`NET_BIND_SERVICE` to bind ports ' +
      'below 1024, `CHOWN`…). For VPN containers that need NET_ADMIN, keep them off the host network and review them.',
  },
  fixtures: [
    {
      text: 'services:\n  app:\n    image: app:1\n    cap_add:\n      - SYS_ADMIN\n      - NET_BIND_SERVICE\n      - cap_sys_module\n',
      expect: ['SYS_ADMIN', 'cap_sys_module'],
      note: 'CAP_ prefix and lower case',
    },
    { text: 'services:\n  app: {image: "app:1", cap_add: [all]}\n', expect: ['all]'], note: 'flow style, ALL' },
    {
      text: 'x-caps: &caps\n  cap_add: [NET_ADMIN]\nservices:\n  a:\n    <<: *caps\n    image: a:1\n  b:\n    <<: *caps\n    image: b:1\n',
      expect: ['NET_ADMIN'],
      note: 'one finding for the shared x- block',
    },
    { text: 'services:\n  app:\n    image: app:1\n    cap_add: [NET_BIND_SERVICE, CHOWN, "${EXTRA_CAP}"]\n    cap_drop: [SYS_ADMIN]\n', expect: [] },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      for (const item of listItems(model, ownField(model, service, 'cap_add'))) {
        if (hasInterpolation(item.value)) continue;
        const name = capabilityName(item.value);
        const why = DANGEROUS[name];
        if (!why) continue;
        groups.add(item.node, service, (label) => ({
          ...item.span,
          message: `${label} adds capability ${name} (${why}); remove it or grant a narrower capability.`,
        }));
      }
    }
    groups.flush(report);
  },
};
