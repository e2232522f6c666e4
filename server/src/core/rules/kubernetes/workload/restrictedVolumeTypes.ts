import type { KubernetesRule } from '../../../rule';
import { asMap, deref, describeObject, getNode, getSeq, keySpan, podSpecs, scalarValue, seqItems, stringValue, type YamlPair } from '../helpers';

/** The volume sources the restricted Pod Security Standard allows. */
const ALLOWED_SOURCES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);

/** Volume sources outside the restricted allow-list: hostPath, nfs, iscsi, cloud disks, gitRepo… */
export const restrictedVolumeTypes: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/restricted-volume-types',
  title: 'Volume type not allowed by the restricted Pod Security Standard',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['pss:restrictedVolumes', 'trivy:KSV-0028'],
  compliance: ['PSS-Restricted-restrictedVolumes', 'NSA-CISA-pod-security'],
  pss: [{ level: 'restricted', control: 'restrictedVolumes' }],
  enabledByDefault: false,
  fixable: false,
  explanation: {
    what:
      'A pod volume uses a source other than configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, ' +
      'projected or secret. Off by default; the `pss-restricted` and `strict` profiles turn it on.',
    why:
      'In-tree volume plugins (hostPath, nfs, iscsi, rbd, cephfs, cloud disks, flexVolume, gitRepo…) are configured by the pod ' +
      'author and mounted by the kubelet with node privileges: the pod can reach storage the cluster administrator never ' +
      'granted, and some (gitRepo, flexVolume) have had node-level vulnerabilities. A namespace enforcing the restricted ' +
      'level rejects such pods.',
    fix:
      'Ask for storage through a `persistentVolumeClaim` (the administrator defines the PersistentVolume or StorageClass) or a ' +
      'CSI driver; replace gitRepo with an init container that clones into an emptyDir.',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '  volumes:\n  - name: shared\n    nfs:\n      server: nfs.example.com\n      path: /exports\n  - name: code\n    gitRepo:\n      repository: https://example.com/repo.git\n',
      expect: ['nfs:', 'gitRepo:'],
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '  volumes:\n  - name: a\n  - {name: b, emptyDir: {}}\n  - {name: c, secret: {secretName: s}}\n  - {name: d, persistentVolumeClaim: {claimName: d}}\n' +
        '  - {name: e, projected: {sources: []}}\n  - {name: f, csi: {driver: x}}\n  - {name: g, image: {reference: "quay.io/x/y:1"}}\n',
      expect: [],
      note: 'every allowed source, and a volume with no source (emptyDir)',
    },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      const { file, document } = pod.object;
      for (const item of seqItems(document, getSeq(pod.node, 'volumes', document))) {
        const volume = asMap(item);
        if (!volume) continue;
        const name = stringValue(file, getNode(volume, 'name', document));
        for (const pair of volume.items as YamlPair[]) {
          const source = scalarValue(file, pair.key);
          if (typeof source !== 'string' || source === 'name' || ALLOWED_SOURCES.has(source)) continue;
          // `nfs: null` is no source at all (the API reads it as unset), unlike a templated value.
          if (pair.value === null || scalarValue(file, deref(document, pair.value)) === null) continue;
          const label = name !== undefined ? `volume "${name}"` : 'a volume';
          report({
            ...keySpan(pair),
            message: `${describeObject(pod.object)} declares ${label} of type ${source}, which the restricted Pod Security Standard does not allow. Use a persistentVolumeClaim, csi, emptyDir, configMap, secret or projected volume.`,
          });
        }
      }
    }
  },
};
