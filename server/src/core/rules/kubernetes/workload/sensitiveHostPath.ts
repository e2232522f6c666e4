import type { KubernetesRule } from '../../../rule';
import { describeContainer, describeObject, podSpecs } from '../helpers';
import { hostPathSpan, hostPathVolumes, isRuntimeSocketPath, mountsOfVolume } from './workloadKit';

/** Directories whose exposure is sensitive in themselves (their subdirectories usually are not). */
const SENSITIVE_DIRECTORIES = new Set(['/', '/bin', '/sbin', '/lib', '/lib64', '/usr', '/dev', '/var', '/var/lib', '/home']);
/** Trees that are sensitive all the way down: configuration, credentials, kernel interfaces, kubelet and runtime state. */
const SENSITIVE_TREES = ['/etc', '/root', '/boot', '/proc', '/sys', '/var/lib/kubelet', '/var/lib/docker', '/var/lib/containerd', '/var/lib/containers', '/var/lib/etcd'];
/** Files under those trees that only describe the node (time zone, CA bundle): harmless when mounted read-only. */
const HARMLESS_READ_ONLY = ['/etc/localtime', '/etc/timezone', '/etc/machine-id', '/etc/os-release', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/etc/ssl/certs', '/etc/pki/ca-trust', '/etc/pki/tls/certs', '/etc/ca-certificates'];

function under(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

/** hostPath volumes of system directories (`/`, `/etc`, `/proc`, `/var/lib/kubelet`…), worst when mounted writable. */
export const sensitiveHostPath: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/sensitive-host-path',
  title: 'Pod mounts a sensitive host directory',
  severity: 'error',
  category: 'privileges',
  equivalents: ['kube-linter:sensitive-host-mounts', 'trivy:KSV-0121'],
  compliance: ['PSS-Baseline-hostPathVolumes', 'CIS-K8s-1.12-5.2.11', 'NSA-CISA-pod-security', 'CWE-668', 'CWE-732'],
  fixable: false,
  explanation: {
    what:
      'A hostPath volume points at a system location of the node: `/`, `/etc`, `/root`, `/boot`, `/proc`, `/sys`, `/dev`, ' +
      '`/usr`, `/lib`, `/bin`, `/var`, `/home`, or the kubelet, etcd and container runtime state under `/var/lib`. The message ' +
      'says which containers mount it writable (`volumeMounts[].readOnly` is not `true`): writability is per mount, not per volume.',
    why:
      'Read access leaks node secrets (kubelet credentials, service-account tokens of other pods under /var/lib/kubelet, ' +
      '/etc/shadow, SSH keys). Write access is node takeover: a cron entry in /etc, a binary in /usr, a static pod manifest ' +
      'in /etc/kubernetes/manifests, or a cgroup release agent under /sys. Runtime sockets are reported by ' +
      '`kubernetes/container-runtime-socket`.',
    fix:
      'Mount only the narrowest path the workload needs, with `readOnly: true` on every `volumeMounts` entry, or avoid hostPath ' +
      'altogether (a ConfigMap, a PersistentVolumeClaim, the downward API). Node agents that need these paths belong in a ' +
      'dedicated namespace with a privileged Pod Security level.',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    volumeMounts:\n    - name: host-etc\n      mountPath: /host/etc\n' +
        '  volumes:\n  - name: host-etc\n    hostPath:\n      path: /etc/\n',
      expect: ['path: /etc/'],
    },
    {
      text:
        'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: node-exporter\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: init\n        image: busybox:1.36\n' +
        '        volumeMounts: [{name: proc, mountPath: /host/proc}]\n      containers:\n      - name: exporter\n        image: prom/node-exporter:v1.8.0\n' +
        '        volumeMounts: [{name: proc, mountPath: /host/proc, readOnly: true}, {name: tz, mountPath: /etc/localtime, readOnly: true}]\n' +
        '      volumes:\n      - {name: proc, hostPath: {path: /proc}}\n      - {name: tz, hostPath: {path: /etc/localtime}}\n',
      expect: ['path: /proc'],
      note: 'writable in the init container only; a read-only time zone file is harmless',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '  volumes:\n  - name: logs\n    hostPath:\n      path: /var/log/app\n  - name: sock\n    hostPath:\n      path: /var/run/docker.sock\n',
      expect: [],
      note: 'an application log directory; the runtime socket has its own rule',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n  volumes:\n  - name: kubelet\n    hostPath:\n      path: /var/lib/kubelet/pods\n',
      expect: ['path: /var/lib/kubelet/pods'],
      note: 'kubelet state holds every pod\'s secrets; not mounted by any container yet',
    },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      for (const volume of hostPathVolumes(pod)) {
        const path = volume.path;
        if (path === undefined || isRuntimeSocketPath(path)) continue;
        if (!SENSITIVE_DIRECTORIES.has(path) && !SENSITIVE_TREES.some((root) => under(path, root))) continue;
        const mounts = mountsOfVolume(pod, volume.name);
        const writable = mounts.filter((m) => !m.readOnly);
        if (writable.length === 0 && HARMLESS_READ_ONLY.some((root) => under(path, root))) continue;
        const exposure =
          writable.length > 0
            ? `writable in ${writable.map((m) => describeContainer(m.container)).join(', ')}: the pod can alter the node`
            : mounts.length > 0
              ? 'read-only, which still exposes node secrets and configuration'
              : 'not mounted by any container yet';
        report({
          ...hostPathSpan(volume),
          message: `${describeObject(pod.object)} mounts the host's ${volume.rawPath ?? path} (${exposure}). Mount a narrower path with readOnly: true, or avoid hostPath.`,
        });
      }
    }
  },
};
