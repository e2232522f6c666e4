import type { KubernetesRule } from '../../../rule';
import { pinToDigestFix } from '../../../images/pinFix';
import { describeContainer } from '../helpers';
import { containerImages } from './workloadKit';

/** A tag can be re-pushed; only a digest names one image. */
export const imageNotPinnedByDigest: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/image-not-pinned-by-digest',
  title: 'Container image not pinned by digest',
  severity: 'info',
  category: 'supply-chain',
  equivalents: ['checkov:CKV_K8S_43', 'kics:image_without_digest'],
  compliance: ['CWE-1357', 'CWE-494'],
  enabledByDefault: false,
  fixable: false,
  explanation: {
    what: 'A container (regular, init or ephemeral) references its image by tag only, without `@sha256:…`. Off by default.',
    why:
      'Tags are mutable: the publisher (or anyone who compromises the registry account) can point `1.27` at different content, ' +
      'and nodes pull it on the next start. A digest makes the deployed bits exactly those that were scanned and approved, ' +
      'and lets admission policies verify signatures against them.',
    fix: 'Append the digest of the tested image: `nginx:1.27.3@sha256:…` (`crane digest nginx:1.27.3` prints it); Renovate can keep digests current.',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: ['nginx:1.27'],
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27@sha256:' + 'c'.repeat(64) + '\n',
      expect: [],
    },
  ],
  check({ model, report, images }) {
    for (const { container, ref, span } of containerImages(model)) {
      if (ref.digest) continue;
      const fix = pinToDigestFix(model.file.text, span.end, ref, images);
      report({ ...span, message: `${describeContainer(container)} runs "${ref.raw}" by tag only; a tag can be re-pushed. Pin it with @sha256:<digest>.`, fixes: fix ? [fix] : undefined });
    }
  },
};
