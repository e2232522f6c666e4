import type { ComposeRule } from '../../rule';
import { keyValueEntries } from './helpers';
import { GroupedReports, serviceField, hasInterpolation, ownField, stringOf } from './shared';

/** The Pod Security Standards' safe sysctls (newest Kubernetes): isolated per container and unable to hurt neighbours. */
const SAFE = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

/** Sysctls Docker namespaces per container (and therefore accepts). */
const IPC_NAMESPACED = /^(kernel\.(msg[a-z_]*|sem|shm[a-z_]*)|fs\.mqueue\..+)$/;

/** `sysctls:` outside the PSS safe set. */
export const composeSysctls: ComposeRule = {
  kind: 'compose',
  id: 'compose/sysctls',
  title: 'Service sets a sysctl outside the safe set',
  severity: 'info',
  category: 'privileges',
  equivalents: [],
  compliance: ['CWE-250'],
  enabledByDefault: false,
  explanation: {
    what:
      'A service\'s `sysctls:` (map or `name=value` list) sets a kernel parameter outside the Pod Security Standards\' ' +
      'safe set (`net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`, ' +
      '`net.ipv4.ping_group_range`, `kernel.shm_rmid_forced`, TCP keepalive/buffer tunables…). Off by default (the ' +
      '`strict` profile enables it); no other compose linter checks sysctls.',
    why:
      'Docker only accepts sysctls it can namespace per container: `net.*` (the container\'s own network namespace) ' +
      'and the IPC ones (`kernel.msg*`, `kernel.sem`, `kernel.shm*`, `fs.mqueue.*`). So unlike on a Kubernetes node ' +
      'they cannot retune the host directly — which is why this is informational. Still, `net.*` settings such as ' +
      '`net.ipv4.ip_forward=1` or `conf.all.rp_filter=0` turn the container into a router on its networks, IPC limits ' +
      'let it pin more kernel memory, and any other sysctl (`vm.*`, `kernel.*`) makes Docker refuse to start the ' +
      'container; with `network_mode: host` Docker refuses `net.*` too.',
    fix: 'Remove sysctls the service does not need; keep the ones it does (VPN forwarding) on services that are isolated on their own network.',
  },
  fixtures: [
    { text: 'services:\n  vpn:\n    image: vpn:1\n    sysctls:\n      net.ipv4.ip_forward: 1\n      net.ipv4.ip_unprivileged_port_start: 0\n', expect: ['net.ipv4.ip_forward'] },
    { text: 'services:\n  db:\n    image: db:1\n    sysctls:\n      - kernel.shmmax=68719476736\n      - "vm.overcommit_memory=1"\n      - net/core/somaxconn=1024\n', expect: ['kernel.shmmax', '"vm.', 'net/core'], note: 'list form, slash separators' },
    { text: 'services:\n  app:\n    image: app:1\n    sysctls: {net.ipv4.tcp_syncookies: 1, net.ipv4.ip_local_port_range: "1024 65000", "${SYSCTL}": 1}\n', expect: [] },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      const source = ownField(model, service, 'sysctls');
      if (!source) continue;
      const hostNetwork = stringOf(model, serviceField(model, service, 'network_mode'))?.trim() === 'host';
      for (const entry of keyValueEntries(model, source.value)) {
        if (hasInterpolation(entry.key)) continue;
        const name = entry.key.trim().replace(/\//g, '.');
        if (SAFE.has(name)) continue;
        let why: string;
        if (name.startsWith('net.')) {
          why = hostNetwork
            ? 'Docker refuses net.* sysctls with network_mode: host, so the container will not start'
            : "it only affects the container's own network namespace but is outside the safe set; make sure the service needs it";
        } else if (IPC_NAMESPACED.test(name)) {
          why = 'it raises IPC limits in the container\'s namespace, letting it pin more kernel memory';
        } else {
          why = 'it is not namespaced, so Docker refuses it and the container will not start';
        }
        groups.add(entry.span.start, service, (label) => ({ ...entry.span, message: `${label} sets sysctl ${name}: ${why}.` }));
      }
    }
    groups.flush(report);
  },
};
