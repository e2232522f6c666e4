import type { KubernetesRule } from '../../../rule';
import { describeContainer, describeObject, podSpecs } from '../helpers';
import { hostPathSpan, hostPathVolumes, isRuntimeSocketPath, mountsOfVolume } from './workloadKit';

/** A hostPath to the Docker, containerd, CRI-O or Podman API socket (or the directory holding it). */
export const containerRuntimeSocket: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/container-runtime-socket',
  title: 'Pod mounts the container runtime socket',
  severity: 'error',
  category: 'privileges',
  equivalents: ['kube-linter:docker-sock', 'trivy:KSV-0006', 'checkov:CKV_K8S_27', 'kics:docker_daemon_socket_is_exposed_to_containers'],
  compliance: ['PSS-Baseline-hostPathVolumes', 'CIS-K8s-1.12-5.2.11', 'NSA-CISA-pod-security', 'CWE-250'],
  fixable: false,
  explanation: {
    what:
      'A hostPath volume points at a container runtime socket (`docker.sock`, `containerd.sock`, `crio.sock`, `podman.sock`, ' +
      '`cri-dockerd.sock`) or at a directory that holds one (`/var/run`, `/run`, `/run/containerd`…).',
    why:
      'The runtime API has no authorisation: whoever can talk to the socket can start a privileged container that mounts ' +
      'the node\'s root file system, which is root on the node and access to every other pod. Read-only mounts do not help; ' +
      'connecting to a socket needs no write permission on the file.',
    fix:
      'Remove the volume. For image builds use a daemonless builder (BuildKit rootless, kaniko, buildah); for monitoring use ' +
      'the kubelet or CRI metrics endpoints; for Docker-in-Docker run a separate dind sidecar without the host socket.',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: docker:27-cli\n    volumeMounts:\n    - name: sock\n      mountPath: /var/run/docker.sock\n' +
        '  volumes:\n  - name: sock\n    hostPath:\n      path: /var/run/docker.sock\n      type: Socket\n',
      expect: ['path: /var/run/docker.sock'],
    },
    {
      text:
        'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: app\n            image: busybox:1.36\n' +
        '          volumes:\n          - {name: a, hostPath: {path: /run/containerd/containerd.sock}}\n          - {name: b, hostPath: {path: /var/run}}\n          - {name: c, hostPath: {path: /run/user/1000/podman/podman.sock}}\n',
      expect: ['path: /run/containerd/containerd.sock', 'path: /var/run', 'path: /run/user/1000/podman/podman.sock'],
      note: 'other runtimes, parent directories, CronJob nesting',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n  volumes:\n  - name: data\n    hostPath:\n      path: /var/run-data\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      for (const volume of hostPathVolumes(pod)) {
        if (volume.path === undefined || !isRuntimeSocketPath(volume.path)) continue;
        const users = mountsOfVolume(pod, volume.name).map((m) => describeContainer(m.container));
        const who = users.length > 0 ? `; ${[...new Set(users)].join(', ')} can drive the runtime` : '';
        report({
          ...hostPathSpan(volume),
          message: `${describeObject(pod.object)} mounts the container runtime socket ${volume.rawPath ?? volume.path}${who}: that is root on the node. Remove the volume.`,
        });
      }
    }
  },
};
