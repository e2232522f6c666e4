import type { DockerfileRule } from '../../../rule';
import { labelPairs } from './labels';

const RESERVED = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

function keyProblem(key: string): string | undefined {
  if (key.includes('$')) return 'is built from a variable; label keys should be fixed strings of lowercase letters, digits, "." and "-"';
  if (RESERVED.some((ns) => key.startsWith(ns))) return `uses the namespace ${RESERVED.find((ns) => key.startsWith(ns))!.slice(0, -1)} reserved by Docker`;
  if (/[^a-z0-9.-]/.test(key)) return 'may only contain lowercase letters, digits, "." and "-"';
  if (!/^[a-z]/.test(key)) return 'must start with a lowercase letter';
  if (!/[a-z0-9]$/.test(key)) return 'must end with a lowercase letter or digit';
  if (/\.\.|--/.test(key)) return 'must not contain consecutive "." or "-"';
  return undefined;
}

/** Label keys should follow Docker's key format (reverse-DNS, lowercase). */
export const labelInvalidKey: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/label-invalid-key',
  title: 'Label key does not follow the Docker key format',
  severity: 'hint',
  category: 'maintainability',
  equivalents: ['hadolint:DL3048'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A `LABEL` key in a namespace reserved by Docker (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`), or not made of lowercase letters, digits, `.` and `-` starting with a letter.',
    why: 'Docker reserves those namespaces for itself, and tools that query labels (`docker ps --filter label=…`, registries, scanners) expect the documented format.',
    fix: 'Use a reverse-DNS key you own or the OCI keys: `LABEL org.opencontainers.image.source="https://github.com/org/app"`.',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nLABEL com.docker.label="foo" invalid..key="x" 1abc=y\n', expect: ['com.docker', 'invalid..key', '1abc'] },
    { text: 'FROM alpine:3.20\nLABEL invalid$character="foo" Vendor=acme\n', expect: ['invalid$', 'Vendor'] },
    { text: 'FROM alpine:3.20\nLABEL org.valid-key.label3="foo" maintainer="me@example.org"\n', expect: [] },
  ],
  check({ model, report }) {
    for (const pair of labelPairs(model)) {
      const problem = keyProblem(pair.name);
      if (!problem) continue;
      report({ start: pair.nameSpan.start, end: pair.nameSpan.end, message: `Label key "${pair.name}" ${problem}.` });
    }
  },
};
