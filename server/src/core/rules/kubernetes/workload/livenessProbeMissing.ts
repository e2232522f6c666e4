import type { KubernetesRule } from '../../../rule';
import { allContainers, describeContainer, findPair, isLongRunning, missingInContainer } from '../helpers';
import { runsToCompletion } from './workloadKit';

/** A long-running container without a liveness probe: a hung process is never restarted. */
export const livenessProbeMissing: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/liveness-probe-missing',
  title: 'Container without a liveness probe',
  severity: 'info',
  category: 'reliability',
  equivalents: ['polaris:livenessProbeMissing', 'kube-linter:no-liveness-probe', 'checkov:CKV_K8S_8', 'kics:liveness_probe_is_not_defined'],
  compliance: ['CWE-754'],
  fixable: false,
  explanation: {
    what:
      'A long-running container (a regular container or a native sidecar, `initContainers` with `restartPolicy: Always`) ' +
      'has no `livenessProbe`. Init and ephemeral containers, Jobs, CronJobs and pods with `restartPolicy: Never/OnFailure` ' +
      'run to completion and are skipped.',
    why:
      'The kubelet restarts a container only when its process exits. A deadlocked or wedged process keeps running, keeps ' +
      'receiving traffic if it is also ready, and nothing heals it.',
    fix:
      'Add a cheap check of the process\'s own health, for example `livenessProbe: { httpGet: { path: /healthz, port: 8080 }, ' +
      'periodSeconds: 10, failureThreshold: 3 }`. Do not probe dependencies (a database outage would restart every pod).',
  },
  fixtures: [
    {
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: migrate\n        image: app:1\n      - name: proxy\n        image: envoy:1\n        restartPolicy: Always\n' +
        '      containers:\n      - name: app\n        image: app:1\n        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n',
      expect: ['name: proxy', 'name: app'],
      note: 'a native sidecar is long-running; the init container is not',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n    livenessProbe:\n      exec:\n        command: [cat, /tmp/healthy]\n',
      expect: [],
    },
    {
      text: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "@hourly"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: app\n            image: app:1\n',
      expect: [],
      note: 'runs to completion',
    },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      if (!isLongRunning(container) || runsToCompletion(container.pod) || findPair(container.node, 'livenessProbe')) continue;
      report({
        ...missingInContainer(container),
        missing: true,
        message: `${describeContainer(container)} has no livenessProbe: if its process hangs without exiting, nothing restarts it.`,
      });
    }
  },
};
