import type { DockerfileRule } from '../../../rule';
import { packageOperands } from './packageCommands';
import { invocationsOf, unpinnedReport } from './ruleKit';

const MOVING_QUERIES = new Set(['', 'latest', 'upgrade', 'patch', 'master', 'main', 'HEAD']);
const PATTERNS = new Set(['std', 'cmd', 'all', 'tool', 'work']);

function isPinnedGoPackage(value: string): boolean {
  if (value.startsWith('.') || value.startsWith('/') || value.endsWith('.go') || PATTERNS.has(value)) return true;
  const at = value.lastIndexOf('@');
  if (at < 0) return false;
  const version = value.slice(at + 1);
  return version === 'none' || !MOVING_QUERIES.has(version);
}

/** `go install example.com/tool` / `@latest` instead of `@v1.2.3`. */
export const goInstallUnpinned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/go-install-unpinned',
  title: 'go install/get/run of a module without a fixed version',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: ['hadolint:DL3062'],
  compliance: ['CIS-Docker-4.11', 'CWE-1357', 'CWE-494'],
  explanation: {
    what: '`go install`, `go get` or `go run` fetches a remote module without a version or with a moving query (`@latest`, `@master`).',
    why: 'The module proxy resolves the newest release at build time, so builds are not reproducible and a compromised release is picked up silently.',
    fix: 'Give an exact version: `go install golang.org/x/tools/gopls@v0.16.2`. Local packages (`./cmd/app`, `.`) need none.',
  },
  fixtures: [
    { text: 'FROM golang:1.23\nRUN go install example.com/pkg@latest\n', expect: ['example.com'] },
    { text: 'FROM golang:1.23\nRUN go install -ldflags "-s -w" ./cmd/app && go install example.com/pkg@v1.2.3 && go run example.com/gen@v0.1.0 --out x\n', expect: [] },
    { text: 'FROM golang:1.23\nRUN go get -tool example.com/lint\n', expect: ['example.com'] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['go'], ['install', 'get', 'run'])) {
      let operands = packageOperands(model, invocation);
      // `go run pkg args…`: only the first operand is a package, the rest are program arguments.
      if (invocation.subcommand === 'run') operands = operands.slice(0, 1);
      const unpinned = operands.filter((o) => !isPinnedGoPackage(o.value));
      if (unpinned.length === 0) continue;
      report(unpinnedReport(invocation, unpinned, `go ${invocation.subcommand}`, 'add an exact @vX.Y.Z version.'));
    }
  },
};
