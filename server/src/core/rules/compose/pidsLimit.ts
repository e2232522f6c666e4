import type { ComposeRule } from '../../rule';
import { checkLimit, isZeroOrNegative } from './limits';

/** No `pids_limit` / `deploy.resources.limits.pids`: a fork bomb takes the host down. */
export const composePidsLimit: ComposeRule = {
  kind: 'compose',
  id: 'compose/pids-limit',
  title: 'Service has no PIDs limit',
  severity: 'info',
  category: 'resources',
  equivalents: ['kics:pids_limit_not_set'],
  compliance: ['CIS-Docker-5.28', 'CWE-770'],
  enabledByDefault: false,
  explanation: {
    what:
      'A service sets neither `pids_limit` nor `deploy.resources.limits.pids`, or sets it to 0 / -1 (unlimited). Off ' +
      'by default (the `strict` profile enables it).',
    why:
      'Process IDs are a host-wide resource. A fork bomb or a runaway worker pool in one container can use them all, ' +
      'and then nothing on the host — including sshd and the Docker daemon — can start a process.',
    fix: 'Set a generous ceiling: `pids_limit: 200` (or `deploy.resources.limits.pids: 200`).',
  },
  fixtures: [
    { text: 'services:\n  web:\n    image: nginx:1.27\n', expect: ['web'] },
    { text: 'services:\n  web: {image: "nginx:1.27", pids_limit: -1}\n', expect: ['pids_limit'], note: '-1 is unlimited' },
    { text: 'services:\n  web:\n    image: nginx:1.27\n    pids_limit: 100\n  api:\n    image: api:1\n    deploy: {resources: {limits: {pids: 200}}}\n', expect: [] },
  ],
  check({ model, fileName, report }) {
    checkLimit(model, fileName, report, {
      serviceKeys: ['pids_limit'],
      deployKey: 'pids',
      unlimited: isZeroOrNegative,
      missingMessage: (s) => `service "${s.name}" has no PIDs limit: a fork bomb in it can exhaust the host's process table; set pids_limit (e.g. 200).`,
      unlimitedMessage: (s, source) => `service "${s.name}" sets ${source.path} to ${String(source.value)}, which means unlimited processes; set a ceiling (e.g. 200).`,
    });
  },
};
