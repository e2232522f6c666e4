import type { ComposeRule } from '../../rule';
import { GroupedReports, canEditService, ownField, sourceSpan, stringOf } from './shared';
import { removeServiceFieldFix } from './helpers';

const NAMESPACES: { key: string; what: string; risk: string }[] = [
  { key: 'pid', what: 'process', risk: 'it sees and can signal or ptrace every host process and read their environment (secrets) via /proc' },
  { key: 'ipc', what: 'IPC', risk: 'it can read and write host shared memory segments and message queues' },
  { key: 'uts', what: 'UTS', risk: 'it can change the host\'s hostname' },
  { key: 'userns_mode', what: 'user', risk: 'it opts out of the daemon\'s user-namespace remapping, so root in the container is root on the host' },
];

/** `pid: host`, `ipc: host`, `uts: host`, `userns_mode: host`. */
export const composeHostNamespaces: ComposeRule = {
  kind: 'compose',
  id: 'compose/host-namespaces',
  title: 'Service shares a host namespace',
  severity: 'error',
  category: 'privileges',
  equivalents: ['kics:host_namespace_is_shared', 'kics:shared_host_ipc_namespace', 'kics:shared_host_user_namespace'],
  compliance: ['CIS-Docker-5.15', 'CIS-Docker-5.16', 'CIS-Docker-5.20', 'CIS-Docker-5.30', 'CWE-668'],
  fixable: true,
  explanation: {
    what: 'A service sets `pid: host`, `ipc: host`, `uts: host` or `userns_mode: host`.',
    why:
      'Namespaces are what separates a container from the host. With the host PID namespace the container sees every ' +
      'host process, can signal them and, with SYS_PTRACE, inject code into them; `/proc/<pid>/environ` leaks other ' +
      'processes\' secrets. The host IPC namespace exposes shared memory of host processes. `uts: host` lets it rename ' +
      'the host. `userns_mode: host` disables the daemon\'s `userns-remap` for the container, so its root is the host\'s ' +
      'root. `pid: "service:x"` and `ipc: "service:x"` share another container\'s namespace and are not reported.',
    fix: 'Remove the field. Debugging and monitoring tools that need the host PID namespace belong on the host or in a dedicated, audited service.',
  },
  fixtures: [
    {
      text: 'services:\n  tool:\n    image: tool:1\n    pid: host\n    ipc: host\n    uts: host\n    restart: always\n',
      expect: ['pid: host', 'ipc: host', 'uts: host'],
      fixed: 'services:\n  tool:\n    image: tool:1\n    restart: always\n',
    },
    {
      text: 'services:\n  app: {image: "app:1", userns_mode: "host", restart: always}\n',
      expect: ['userns_mode'],
      fixed: 'services:\n  app: {image: "app:1", restart: always}\n',
      note: 'flow style',
    },
    {
      text: '{"services": {"app": {"image": "app:1", "pid": "host"}}}\n',
      expect: ['"pid"'],
      fixed: '{"services": {"app": {"image": "app:1"}}}\n',
      note: 'JSON',
    },
    {
      text: 'services:\n  app:\n    image: app:1\n    pid: "service:db"\n    ipc: shareable\n    userns_mode: ${USERNS:-host}\n  db:\n    image: postgres:16\n',
      expect: [],
      note: 'another container\'s namespace, shareable IPC, interpolation',
    },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      for (const ns of NAMESPACES) {
        const source = ownField(model, service, ns.key);
        if (stringOf(model, source)?.trim().toLowerCase() !== 'host') continue;
        const fixes = source!.via === 'own' && canEditService(service) ? [removeServiceFieldFix(model, service, [ns.key], `Remove ${ns.key}: host`)] : undefined;
        groups.add(source!.pair, service, (label) => ({
          ...sourceSpan(model, source!),
          message: `${label} shares the host's ${ns.what} namespace (${ns.key}: host): ${ns.risk}.`,
          fixes,
        }));
      }
    }
    groups.flush(report);
  },
};
