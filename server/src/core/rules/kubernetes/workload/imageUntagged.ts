import type { KubernetesRule } from '../../../rule';
import { describeContainer } from '../helpers';
import { containerImages } from './workloadKit';

/** `image: app` (no tag, no digest): Kubernetes pulls `:latest`. */
export const imageUntagged: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/image-untagged',
  title: 'Container image has no tag',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: ['polaris:tagNotSpecified', 'kube-linter:latest-tag', 'kube-score:container-image-tag', 'trivy:KSV-0013', 'checkov:CKV_K8S_14', 'kics:invalid_image'],
  compliance: ['CWE-1357'],
  fixable: false,
  explanation: {
    what:
      'A container (regular, init or ephemeral) uses an image with neither a tag nor a digest. `registry:5000/app` has no ' +
      'tag: the colon belongs to the registry port. A digest alone (`app@sha256:…`) pins the image and passes.',
    why:
      'Without a tag the runtime pulls `latest`, with every problem of `kubernetes/image-latest-tag`, and readers of the ' +
      'manifest cannot tell which version is meant to run.',
    fix: 'Add a release tag (`nginx:1.27.3`), better still a digest (`nginx:1.27.3@sha256:…`).',
  },
  fixtures: [
    {
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx\n' +
        '      - name: sidecar\n        image: registry.example.com:5000/team/agent\n',
      expect: ['nginx', 'registry.example.com:5000/team/agent'],
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx@sha256:' + 'b'.repeat(64) + '\n  - name: b\n    image: localhost:5000/app:1.0\n',
      expect: [],
      note: 'digest-only is pinned; a registry port is not a tag',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: "{{ .Values.image }}"\n  - name: b\n    image: busybox\n',
      fileName: 'templates/pod.yaml',
      expect: ['busybox'],
      note: 'a templated image is unknown (Helm template)',
    },
  ],
  check({ model, report }) {
    for (const { container, ref, span } of containerImages(model)) {
      if (ref.digest || ref.tag !== undefined) continue;
      report({ ...span, message: `${describeContainer(container)} runs "${ref.raw}" without a tag, so the runtime pulls whatever "latest" is. Pin a release tag or a digest.` });
    }
  },
};
