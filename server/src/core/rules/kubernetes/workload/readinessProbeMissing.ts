import type { KubernetesRule } from '../../../rule';
import { allContainers, describeContainer, findPair, isLongRunning, missingInContainer } from '../helpers';
import { runsToCompletion } from './workloadKit';

/** A long-running container without a readiness probe: traffic arrives before it can serve. */
export const readinessProbeMissing: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/readiness-probe-missing',
  title: 'Container without a readiness probe',
  severity: 'info',
  category: 'reliability',
  equivalents: ['polaris:readinessProbeMissing', 'kube-linter:no-readiness-probe', 'checkov:CKV_K8S_9', 'kics:readiness_probe_is_not_configured'],
  compliance: ['CWE-754'],
  fixable: false,
  explanation: {
    what:
      'A long-running container (a regular container or a native sidecar) has no `readinessProbe`. Init and ephemeral ' +
      'containers, Jobs, CronJobs and pods with `restartPolicy: Never/OnFailure` are skipped.',
    why:
      'Without one the pod counts as ready as soon as its processes start: Services send requests during start-up and ' +
      'while the application is overloaded or cut off from its dependencies, and rolling updates proceed even when the new ' +
      'version never becomes able to serve.',
    fix: 'Add a check that the container can serve, for example `readinessProbe: { httpGet: { path: /ready, port: 8080 }, periodSeconds: 5 }`.',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n    livenessProbe:\n      tcpSocket: {port: 8080}\n  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n',
      expect: ['name: app'],
      note: 'ephemeral containers are skipped',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n    readinessProbe:\n      httpGet:\n        path: /ready\n        port: 8080\n',
      expect: [],
    },
    {
      text: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: app\n        image: app:1\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      if (!isLongRunning(container) || runsToCompletion(container.pod) || findPair(container.node, 'readinessProbe')) continue;
      report({
        ...missingInContainer(container),
        missing: true,
        message: `${describeContainer(container)} has no readinessProbe: it receives traffic as soon as it starts, ready or not.`,
      });
    }
  },
};
