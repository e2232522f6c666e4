import type { KubernetesRule } from '../../../rule';
import { describeContainer } from '../helpers';
import { containerImages } from './workloadKit';

/** `image: app:latest` without a digest: what runs changes whenever the tag moves. */
export const imageLatestTag: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/image-latest-tag',
  title: 'Container image uses the :latest tag',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: ['polaris:tagNotSpecified', 'kube-linter:latest-tag', 'kube-score:container-image-tag', 'trivy:KSV-0013', 'checkov:CKV_K8S_14', 'kics:invalid_image'],
  compliance: ['CWE-1357'],
  fixable: false,
  explanation: {
    what: 'A container (regular, init or ephemeral) uses an image with the `latest` tag and no digest.',
    why:
      '`latest` moves whenever the publisher pushes. Pods of one Deployment can then run different code depending on when ' +
      'their node pulled, a rollback does not roll anything back, and a compromised upstream push reaches the cluster on the ' +
      'next restart. The pull policy also defaults to Always, so every start depends on the registry being up.',
    fix: 'Pin a release tag (`nginx:1.27.3`), better still a digest (`nginx:1.27.3@sha256:…`), and let a bot such as Renovate propose updates.',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: init\n    image: busybox:latest\n  containers:\n  - name: app\n    image: "registry.example.com:5000/team/app:latest"\n',
      expect: ['busybox:latest', '"registry.example.com:5000/team/app:latest"'],
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:latest@sha256:' + 'a'.repeat(64) + '\n  - name: b\n    image: nginx:1.27\n',
      expect: [],
      note: 'a digest pins the content whatever the tag says',
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx\n', expect: [], note: 'untagged: kubernetes/image-untagged' },
  ],
  check({ model, report }) {
    for (const { container, ref, span } of containerImages(model)) {
      if (ref.digest || ref.tag !== 'latest') continue;
      report({ ...span, message: `${describeContainer(container)} runs "${ref.raw}", whose "latest" tag moves with every push. Pin a release tag or a digest.` });
    }
  },
};
