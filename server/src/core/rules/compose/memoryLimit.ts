import type { ComposeRule } from '../../rule';
import { checkLimit, isZeroOrNegative } from './limits';

/** No `mem_limit` / `deploy.resources.limits.memory`: one service can exhaust the host's memory. */
export const composeMemoryLimit: ComposeRule = {
  kind: 'compose',
  id: 'compose/memory-limit',
  title: 'Service has no memory limit',
  severity: 'info',
  category: 'resources',
  equivalents: ['kics:memory_not_limited'],
  compliance: ['CIS-Docker-5.10', 'CWE-770'],
  explanation: {
    what:
      'A service sets neither `mem_limit` nor `deploy.resources.limits.memory` (own, merged from `<<:` or inherited ' +
      'with `extends`), or sets it to 0 / -1 (no limit). Override files and fragments without `image`/`build` are not ' +
      'judged.',
    why:
      'Without a limit a leak, a load spike or an attacker (zip bombs, huge requests) lets one container take all host ' +
      'memory; the kernel\'s OOM killer then picks victims across the host — other services, the Docker daemon, sshd.',
    fix: 'Set a limit sized to the service, in either form:\n\n```yaml\nmem_limit: 512m\n# or\ndeploy:\n  resources:\n    limits:\n      memory: 512M\n```',
  },
  fixtures: [
    { text: 'services:\n  web:\n    image: nginx:1.27\n', expect: ['web'] },
    { text: 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 0\n  api:\n    image: api:1\n    deploy:\n      resources:\n        limits: {cpus: "0.5", memory: -1}\n', expect: ['mem_limit', 'memory: -1'], note: 'explicitly unlimited' },
    {
      text:
        'x-limits: &limits\n  deploy:\n    resources:\n      limits:\n        memory: 256M\nservices:\n  a:\n    <<: *limits\n    image: a:1\n  b:\n    image: b:1\n    mem_limit: 1g\n' +
        '  c:\n    extends: b\n  d:\n    image: d:1\n    mem_limit: ${MEM:-512m}\n  e:\n    environment: {A: "1"}\n',
      expect: [],
      note: 'merged deploy, mem_limit, extends, interpolation, fragment',
    },
  ],
  check({ model, fileName, report }) {
    checkLimit(model, fileName, report, {
      serviceKeys: ['mem_limit'],
      deployKey: 'memory',
      unlimited: isZeroOrNegative,
      missingMessage: (s) => `service "${s.name}" has no memory limit: it can exhaust host memory and trigger the OOM killer on other processes; set mem_limit or deploy.resources.limits.memory.`,
      unlimitedMessage: (s, source) => `service "${s.name}" sets ${source.path} to ${String(source.value)}, which means no memory limit; set a real limit (e.g. 512m).`,
    });
  },
};
