import type { KubernetesRule } from '../../../rule';
import { isTrustedRegistry } from '../../../documents/imageReference';
import { describeContainer } from '../helpers';
import { containerImages } from './workloadKit';

/** Images must come from the registries the organisation allows (`trustedRegistries`). */
export const untrustedRegistry: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/untrusted-registry',
  title: 'Container image from a registry that is not trusted',
  severity: 'error',
  category: 'supply-chain',
  equivalents: ['trivy:KSV-0125'],
  compliance: ['CWE-494'],
  fixable: false,
  explanation: {
    what:
      'With `trustedRegistries` configured, flags every container (regular, init or ephemeral) whose image comes from another ' +
      'registry. Images without a registry host come from Docker Hub (`docker.io`). Without the setting the rule does nothing.',
    why:
      'An allow-list keeps workloads to images that are mirrored, scanned and access-controlled by the organisation; a ' +
      'typo-squatted or hijacked public image otherwise runs with the pod\'s permissions and secrets.',
    fix:
      'Pull the image through an allowed registry (a mirror or pull-through cache), or add the registry to ' +
      '`trustedRegistries` in `.drydock.yaml`:\n\n```yaml\ntrustedRegistries:\n  - registry.example.com\n  - "*.internal.example.com"\n```',
  },
  fixtures: [
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: random.com/app:1\n', expect: [], note: 'no allow-list configured' },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: init\n    image: busybox:1.36\n  containers:\n  - name: app\n    image: registry.example.com/team/app:1\n',
      expect: ['busybox:1.36'],
      config: { trustedRegistries: ['registry.example.com'] },
      note: 'Docker Hub by default',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: eu.gcr.example.com/app:1\n  - name: b\n    image: nginx:1.27\n',
      expect: [],
      config: { trustedRegistries: ['*.gcr.example.com', 'docker.io'] },
    },
  ],
  check({ model, config, report }) {
    const trusted = (config.trustedRegistries ?? []).map((t) => t.trim()).filter(Boolean);
    if (trusted.length === 0 || trusted.includes('*')) return;
    for (const { container, ref, span } of containerImages(model)) {
      if (isTrustedRegistry(ref, trusted)) continue;
      report({
        ...span,
        message: `${describeContainer(container)} runs "${ref.raw}" from ${ref.registry}, which is not a trusted registry; allowed: ${trusted.join(', ')}.`,
        evidence: ref.registry,
      });
    }
  },
};
