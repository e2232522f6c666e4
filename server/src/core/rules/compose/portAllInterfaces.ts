import type { ComposeRule, OffsetEdit } from '../../rule';
import { insertPair, replaceScalar } from '../../documents/yamlEdit';
import { asMap, findPair } from '../../documents/yaml';
import { GroupedReports, serviceField, canEditService, editInScalar, ownField, portMappings, stringOf, type PortMapping } from './shared';
import type { ComposeModel } from './helpers';

const ALL_INTERFACES = new Set(['', '0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0']);

/** Edits that bind a published port to the loopback interface, keeping the entry's syntax and quoting. */
function bindToLoopback(model: ComposeModel, port: PortMapping): OffsetEdit[] | undefined {
  if (port.form === 'long') {
    const map = asMap(port.node);
    if (!map) return undefined;
    const hostIp = findPair(map, 'host_ip');
    if (hostIp?.value) return replaceScalar(model.file, hostIp.value, '127.0.0.1');
    return insertPair(model.file, map, 'host_ip', '127.0.0.1');
  }
  const quoted = model.file.text[port.span.start] === '"' || model.file.text[port.span.start] === "'";
  const content = model.file.text.slice(port.span.start + (quoted ? 1 : 0), port.span.end);
  if (port.hostIp === undefined) return editInScalar(model, port.node, 0, 0, port.published === undefined ? '127.0.0.1::' : '127.0.0.1:');
  if (content.startsWith('[::]:')) return editInScalar(model, port.node, 0, 4, '[::1]');
  if (port.hostIp === '::' && content.startsWith(':::')) return editInScalar(model, port.node, 0, 2, '[::1]');
  if (port.hostIp && content.startsWith(`${port.hostIp}:`)) return editInScalar(model, port.node, 0, port.hostIp.length, port.hostIp.includes(':') ? '[::1]' : '127.0.0.1');
  return undefined;
}

/** Published ports with no host IP (or 0.0.0.0 / `[::]`) listen on every host interface. */
export const composePortAllInterfaces: ComposeRule = {
  kind: 'compose',
  id: 'compose/port-all-interfaces',
  title: 'Port published on all host interfaces',
  severity: 'warning',
  category: 'exposure',
  equivalents: ['kics:container_traffic_not_bound_to_host_interface', 'dclint:no-unbound-port-interfaces'],
  compliance: ['CIS-Docker-5.13', 'CWE-668'],
  fixable: true,
  explanation: {
    what:
      'A `ports:` entry publishes a port without a host IP (`"8080:80"`, `"80"`, long syntax without `host_ip`) or ' +
      'with `0.0.0.0` / `[::]`. Interpolated host IPs (`${BIND_IP}:8080:80`) are not judged.',
    why:
      'Docker publishes such ports on every interface of the host and writes its own iptables/nftables rules ' +
      '(DNAT in the nat table, ACCEPT in the DOCKER chain) that packets meet before the host firewall\'s INPUT rules. ' +
      'A port you "closed" with `ufw deny` or firewalld is still reachable from the internet (moby/moby#22054, ' +
      'moby/moby#4737, chaifeng/ufw-docker). Databases, admin UIs and dev servers published this way are a common ' +
      'cause of breaches. A port meant for a reverse proxy on the same host only needs the loopback interface.',
    fix:
      'Bind to loopback — `"127.0.0.1:8080:80"`, or `host_ip: 127.0.0.1` in long syntax — and put a reverse proxy in ' +
      'front, or use a compose network with no published port when only other containers connect. For ports that must ' +
      'be public, bind the public interface\'s IP explicitly and filter in the `DOCKER-USER` chain.',
  },
  fixtures: [
    {
      text: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n      - 8080:80\n      - 0.0.0.0:9000:9000/udp\n      - "9090"\n',
      expect: ['"5432', '8080:80', '0.0.0.0', '"9090"'],
      fixed: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "127.0.0.1:5432:5432"\n      - 127.0.0.1:8080:80\n      - 127.0.0.1:9000:9000/udp\n      - "127.0.0.1::9090"\n',
    },
    {
      text: "services:\n  web:\n    image: nginx:1.27\n    ports: ['[::]:443:443', 80]\n",
      expect: ["'[::]", '80]'],
      fixed: "services:\n  web:\n    image: nginx:1.27\n    ports: ['[::1]:443:443', 127.0.0.1::80]\n",
      note: 'flow style, IPv6 any, bare number',
    },
    {
      text: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - target: 80\n        published: "8080"\n      - {target: 443, published: 8443, host_ip: 0.0.0.0}\n',
      expect: ['target: 80', '{target: 443'],
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - target: 80\n        published: "8080"\n        host_ip: 127.0.0.1\n      - {target: 443, published: 8443, host_ip: 127.0.0.1}\n',
      note: 'long syntax',
    },
    {
      text: '{"services": {"web": {"image": "nginx:1.27", "ports": ["8080:80", 443]}}}\n',
      expect: ['"8080:80"', '443'],
      fixed: '{"services": {"web": {"image": "nginx:1.27", "ports": ["127.0.0.1:8080:80", "127.0.0.1::443"]}}}\n',
      note: 'JSON',
    },
    {
      text: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "${WEB_PORT:-8080}:80"\n',
      expect: ['"${WEB_PORT'],
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "127.0.0.1:${WEB_PORT:-8080}:80"\n',
      note: 'an interpolated published port still listens everywhere',
    },
    {
      text:
        'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - 127.0.0.1:8080:80\n      - "[::1]:8443:443"\n      - "${BIND_IP}:9000:9000"\n' +
        '      - {target: 80, host_ip: 192.168.1.10, published: 80}\n    expose: ["3000"]\n  host:\n    image: app:1\n    network_mode: host\n    ports: ["80:80"]\n',
      expect: [],
      note: 'loopback, a specific interface, interpolated IP, expose, host network',
    },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      if (stringOf(model, serviceField(model, service, 'network_mode'))?.trim() === 'host') continue;
      const own = ownField(model, service, 'ports')?.via === 'own' && canEditService(service);
      for (const port of portMappings(model, service)) {
        if (port.hostIpUnknown) continue;
        if (port.hostIp !== undefined && !ALL_INTERFACES.has(port.hostIp.trim())) continue;
        if (port.published === undefined && (port.target === undefined || port.target.includes('$'))) continue;
        const edits = own ? bindToLoopback(model, port) : undefined;
        const where = port.published === undefined ? `container port ${port.target} on a random host port` : `port ${port.published}`;
        groups.add(port.node, service, (label) => ({
          ...port.span,
          message: `${label} publishes ${where} on all host interfaces: Docker's iptables rules bypass ufw/firewalld, so it is reachable from the network; bind it to 127.0.0.1 unless it must be public.`,
          fixes: edits ? [{ title: 'Bind the port to 127.0.0.1', edits, isPreferred: true }] : undefined,
        }));
      }
    }
    groups.flush(report);
  },
};
