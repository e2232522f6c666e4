import type { ComposeRule } from '../../rule';
import { GroupedReports, ownField, sourceSpan, stringOf } from './shared';

/** `network_mode: host`: the service shares the host's network stack. */
export const composeNetworkHost: ComposeRule = {
  kind: 'compose',
  id: 'compose/network-host',
  title: 'Service uses the host network',
  severity: 'error',
  category: 'privileges',
  equivalents: ['kics:shared_host_network_namespace'],
  compliance: ['CIS-Docker-5.9', 'CWE-668'],
  explanation: {
    what: 'A service sets `network_mode: host`.',
    why:
      'The container shares the host\'s network namespace: it sees every host interface, can bind any host port, reach ' +
      'services listening on the host\'s loopback (databases, admin APIs, the cloud metadata endpoint without the ' +
      'bridge\'s isolation), sniff traffic with NET_RAW, and its own listeners are exposed on every host interface with ' +
      'no `ports:` mapping to review. `network_mode: "service:x"` / `"container:x"` only share another container\'s ' +
      'namespace and are not reported.',
    fix:
      'Remove `network_mode: host`, put the service on a compose network and publish only the ports it needs ' +
      '(`ports: ["127.0.0.1:8080:8080"]`). For mDNS/DHCP discovery, prefer a macvlan/ipvlan network.',
  },
  fixtures: [
    { text: 'services:\n  app:\n    image: homeassistant/home-assistant:2024.9\n    network_mode: host\n', expect: ['network_mode: host'] },
    { text: 'services:\n  app: {image: "app:1", network_mode: "host"}\n', expect: ['network_mode: "host"'], note: 'flow style, quoted' },
    {
      text: 'x-net: &net\n  network_mode: host\nservices:\n  a:\n    <<: *net\n    image: a:1\n  b:\n    <<: *net\n    image: b:1\n',
      expect: ['network_mode: host'],
      note: 'merged from an x- block: one finding for both services',
    },
    {
      text:
        'services:\n  vpn:\n    image: qmcgaw/gluetun:v3.39\n  app:\n    image: app:1\n    network_mode: "service:vpn"\n  other:\n    image: app:1\n' +
        '    network_mode: ${NETWORK_MODE:-bridge}\n  none:\n    image: app:1\n    network_mode: none\n',
      expect: [],
      note: 'another container\'s namespace, interpolation, none',
    },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      const source = ownField(model, service, 'network_mode');
      if (stringOf(model, source)?.trim().toLowerCase() !== 'host') continue;
      groups.add(source!.pair, service, (label) => ({
        ...sourceSpan(model, source!),
        message: `${label} uses the host network: it can reach everything listening on the host (including loopback-only services) and its ports bypass compose's port mapping; use a compose network and publish only the needed ports.`,
      }));
    }
    groups.flush(report);
  },
};
