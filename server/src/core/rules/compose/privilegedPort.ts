import type { ComposeRule } from '../../rule';
import { GroupedReports, serviceField, portMappings, stringOf } from './shared';

/** The first port of `80` or `8000-8010`, when it is a literal number. */
function firstPort(text: string | undefined): number | undefined {
  const m = /^\s*(\d+)(?:\s*-\s*\d+)?\s*$/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

/** A host port below 1024 is published. */
export const composePrivilegedPort: ComposeRule = {
  kind: 'compose',
  id: 'compose/privileged-port',
  title: 'Privileged host port published',
  severity: 'info',
  category: 'exposure',
  equivalents: ['kics:privileged_ports_mapped_in_container'],
  compliance: ['CIS-Docker-5.7'],
  explanation: {
    what:
      'A `ports:` entry publishes a host port below 1024 (`"80:8080"`, `"443:443"`, long syntax `published: 22`, ranges ' +
      'starting below 1024). Container ports below 1024 with a high host port are fine and not reported (KICS also ' +
      'reports those).',
    why:
      'Ports below 1024 are reserved for the host\'s system services; other tools and administrators trust that only ' +
      'root binds them. A container publishing one can shadow or stand in for a host service (SSH on 22, DNS on 53), ' +
      'and the port is easy to expose unintentionally. It is worth a review, not necessarily a change: a reverse proxy ' +
      'on 80/443 is normal.',
    fix: 'Publish a high host port (`"8080:80"`) and let a reverse proxy own 80/443, or document why the service needs it.',
  },
  fixtures: [
    { text: 'services:\n  proxy:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n      - 127.0.0.1:443:8443\n      - "8080:80"\n', expect: ['"80:80"', '127.0.0.1:443'] },
    { text: 'services:\n  dns:\n    image: pihole/pihole:2024.07.0\n    ports:\n      - {target: 53, published: 53, protocol: udp}\n      - "1000-1100:1000-1100"\n', expect: ['{target: 53', '"1000'], note: 'long syntax, range' },
    {
      text: 'services:\n  app:\n    image: app:1\n    ports: ["8080:80", "80", "${HTTP_PORT:-80}:80", {target: 22, published: 2222}]\n  host:\n    image: app:1\n    network_mode: host\n    ports: ["80:80"]\n',
      expect: [],
      note: 'high host ports, random host port, interpolation, host network',
    },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      if (stringOf(model, serviceField(model, service, 'network_mode'))?.trim() === 'host') continue;
      for (const port of portMappings(model, service)) {
        const host = firstPort(port.published);
        if (host === undefined || host === 0 || host >= 1024) continue;
        groups.add(port.node, service, (label) => ({
          ...port.span,
          message: `${label} publishes privileged host port ${port.published}: check that it does not shadow a host service, or publish a port above 1023.`,
        }));
      }
    }
    groups.flush(report);
  },
};
