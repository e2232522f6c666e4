import type { ComposeRule } from '../../rule';
import { checkLimit, isZeroOrNegative } from './limits';

/** No `cpus` / `deploy.resources.limits.cpus`: one service can starve the others of CPU. */
export const composeCpuLimit: ComposeRule = {
  kind: 'compose',
  id: 'compose/cpu-limit',
  title: 'Service has no CPU limit',
  severity: 'info',
  category: 'resources',
  equivalents: ['kics:cpus_not_limited'],
  compliance: ['CIS-Docker-5.11', 'CWE-770'],
  enabledByDefault: false,
  explanation: {
    what:
      'A service sets none of `cpus`, `cpu_quota`, `cpu_count`, `cpu_percent`, `cpuset` or ' +
      '`deploy.resources.limits.cpus`, or sets the limit to 0. `cpu_shares` only weighs services against each other ' +
      'and does not count. Off by default (the `strict` profile enables it).',
    why:
      'A busy loop, a crypto miner or a load spike in one container can take every core, starving the other services ' +
      'and the host itself. Unlike memory, CPU starvation does not kill anything, so it shows up as slowness that is ' +
      'hard to trace.',
    fix: 'Set a limit: `cpus: "1.5"` or `deploy.resources.limits.cpus: "1.5"`.',
  },
  fixtures: [
    { text: 'services:\n  web:\n    image: nginx:1.27\n    cpu_shares: 512\n', expect: ['web'] },
    { text: 'services:\n  web:\n    image: nginx:1.27\n    cpus: 0\n', expect: ['cpus: 0'], note: '0 is unlimited' },
    { text: 'services:\n  web:\n    image: nginx:1.27\n    cpus: 1.5\n  api:\n    image: api:1\n    deploy: {resources: {limits: {cpus: "0.25"}}}\n  w:\n    image: w:1\n    cpuset: "0"\n', expect: [] },
  ],
  check({ model, fileName, report }) {
    checkLimit(model, fileName, report, {
      serviceKeys: ['cpus', 'cpu_quota', 'cpu_count', 'cpu_percent', 'cpuset'],
      deployKey: 'cpus',
      // `cpuset: "0"` pins to CPU 0: a limit, not a zero.
      unlimited: (value, path) => path !== 'cpuset' && isZeroOrNegative(value),
      missingMessage: (s) => `service "${s.name}" has no CPU limit: it can starve other services and the host; set cpus or deploy.resources.limits.cpus.`,
      unlimitedMessage: (s, source) => `service "${s.name}" sets ${source.path} to ${String(source.value)}, which means no CPU limit; set a real limit (e.g. "1.5").`,
    });
  },
};
