import type { KubernetesRule } from '../../../rule';
import { deref, describeContainer, findPair, missingInContainer, pairSpan, setContainerFieldFix, stringValue } from '../helpers';
import { containerImages } from './workloadKit';

/** The pull policy that applies (explicit, or Kubernetes' default for the reference) is not Always, for a mutable tag. */
export const imagePullPolicy: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/image-pull-policy',
  title: 'Image pull policy is not Always for a mutable tag',
  severity: 'info',
  category: 'supply-chain',
  equivalents: ['kube-score:container-image-pull-policy', 'checkov:CKV_K8S_15', 'kics:image_pull_policy_of_container_is_not_always'],
  compliance: ['CWE-1357'],
  enabledByDefault: false,
  fixable: true,
  explanation: {
    what:
      'A container uses a tagged image without a digest and its `imagePullPolicy` is not `Always`: either set to ' +
      '`IfNotPresent`/`Never`, or unset with a tag other than `latest` (Kubernetes then defaults to IfNotPresent). Untagged ' +
      'and `:latest` images default to Always and pass; digest-pinned images are immutable and pass. Off by default.',
    why:
      'With IfNotPresent a node keeps running whatever it cached under the tag, so pods of one workload can run different ' +
      'content, and a pod can start from a private image cached by another tenant without presenting pull credentials ' +
      '(unless the AlwaysPullImages admission plugin is on).',
    fix: 'Set `imagePullPolicy: Always` (registry round-trips are cheap: only changed layers are fetched), or pin the image by digest.',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    imagePullPolicy: IfNotPresent\n',
      expect: ['imagePullPolicy: IfNotPresent'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    imagePullPolicy: Always\n',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: app, image: "nginx:1.27"}\n',
      expect: ['name: app'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: app, image: "nginx:1.27", imagePullPolicy: Always}\n',
      note: 'the default for a release tag is IfNotPresent; flow style',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n  - name: b\n    image: nginx:latest\n' +
        '  - name: c\n    image: nginx:1.27@sha256:' + 'd'.repeat(64) + '\n  - name: d\n    image: nginx:1.27\n    imagePullPolicy: Always\n',
      expect: [],
      note: 'untagged and latest default to Always; a digest is immutable',
    },
  ],
  check({ model, report }) {
    for (const { container, ref } of containerImages(model)) {
      if (ref.digest) continue;
      const { file, document } = container.pod.object;
      const pair = findPair(container.node, 'imagePullPolicy');
      const fix = setContainerFieldFix(container, ['imagePullPolicy'], 'Always', 'Set imagePullPolicy: Always');
      if (pair) {
        const policy = stringValue(file, deref(document, pair.value));
        if (policy === undefined || policy === 'Always') continue;
        report({
          ...pairSpan(file, pair),
          message: `${describeContainer(container)} pulls "${ref.raw}" with imagePullPolicy ${policy}: nodes keep running whatever they cached under that tag. Use Always or pin a digest.`,
          fixes: [fix],
        });
        continue;
      }
      if (ref.tag === undefined || ref.tag === 'latest') continue;
      report({
        ...missingInContainer(container),
        missing: true,
        message: `${describeContainer(container)} pulls "${ref.raw}" with the default policy IfNotPresent: nodes keep running whatever they cached under that tag. Set imagePullPolicy: Always or pin a digest.`,
        fixes: [fix],
      });
    }
  },
};
