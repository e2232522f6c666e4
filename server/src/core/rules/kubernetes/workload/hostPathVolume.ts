import type { KubernetesRule } from '../../../rule';
import { describeObject, keySpan, podSpecs } from '../helpers';
import { hostPathVolumes } from './workloadKit';

/** Any `hostPath` volume: a window from the pod onto the node's file system. */
export const hostPathVolume: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/host-path-volume',
  title: 'Pod mounts a hostPath volume',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['polaris:hostPathSet', 'trivy:KSV-0023', 'pss:hostPathVolumes'],
  compliance: ['PSS-Baseline-hostPathVolumes', 'CIS-K8s-1.12-5.2.11', 'NSA-CISA-pod-security', 'CWE-668'],
  pss: [{ level: 'baseline', control: 'hostPathVolumes' }],
  fixable: false,
  explanation: {
    what: 'A pod spec declares a volume with a `hostPath` source, whatever the path.',
    why:
      "A hostPath volume exposes a file or directory of the node to the pod. What the pod writes there persists on the node and " +
      'is seen by other pods and by node services; many paths lead to node compromise (see `kubernetes/sensitive-host-path` ' +
      'and `kubernetes/container-runtime-socket`). The data also ties the pod to one node. The Pod Security Standards forbid ' +
      'hostPath volumes from the baseline level.',
    fix:
      'Use `emptyDir` for scratch space, a `persistentVolumeClaim` for data that must survive the pod, `configMap`/`secret` ' +
      'for configuration, or a CSI driver. Node agents that truly need the host (log collectors, CNI plugins) belong in a ' +
      'namespace with a privileged Pod Security level, and should mount `readOnly: true`.',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '  volumes:\n  - name: cache\n    emptyDir: {}\n  - name: logs\n    hostPath:\n      path: /var/log\n',
      expect: ['hostPath:'],
    },
    {
      text:
        'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n' +
        '      volumes: [{name: a, hostPath: {path: /a}}, {name: b, hostPath: {path: /b, type: Directory}}]\n',
      expect: ['hostPath', { at: 'hostPath', nth: 2 }],
      note: 'every hostPath volume, flow style',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n',
      expect: [],
    },
    {
      text: 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv\nspec:\n  capacity:\n    storage: 1Gi\n  hostPath:\n    path: /data\n',
      expect: [],
      note: 'a PersistentVolume is not a pod',
    },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      for (const volume of hostPathVolumes(pod)) {
        const path = volume.rawPath !== undefined ? ` ${volume.rawPath}` : '';
        const name = volume.name !== undefined ? `volume "${volume.name}"` : 'a volume';
        report({
          ...keySpan(volume.hostPathPair),
          message: `${describeObject(pod.object)} mounts the host path${path} as ${name}: the pod reaches into the node's file system. Use emptyDir, a PersistentVolumeClaim or a ConfigMap instead.`,
        });
      }
    }
  },
};
