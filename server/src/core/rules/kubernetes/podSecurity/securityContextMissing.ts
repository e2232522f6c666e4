import type { KubernetesRule, OffsetFix } from '../../../rule';
import { renderFlow, type YamlValue } from '../../../documents/yamlEdit';
import type { YMap } from '../../../documents/kubernetes';
import type { YamlDocument, YamlFile } from '../helpers';
import { asMap, deref, describeContainer, findPair, podSpecs, setContainerFieldFix, setPodFieldFix } from '../helpers';
import { containerSecuritySpan, describePod, podSecuritySpan } from './common';

/** What the quick fix writes into a container without a security context. */
const HARDENED_CONTAINER: YamlValue = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

const HARDENED_POD: YamlValue = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

/** A pod or container without any securityContext runs entirely on the runtime's permissive defaults. */
export const securityContextMissing: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/security-context-missing',
  title: 'Pod or container without a security context',
  severity: 'info',
  category: 'privileges',
  enabledByDefault: false,
  equivalents: ['trivy:KSV-0118', 'checkov:CKV_K8S_29', 'checkov:CKV_K8S_30', 'kics:pod_or_container_without_security_context'],
  compliance: ['CIS-K8s-1.12-5.6.3', 'NSA-CISA-pod-security'],
  fixable: true,
  explanation: {
    what:
      'A pod spec or a container (regular, init or ephemeral) with no `securityContext`, or an empty one. Windows pods are ' +
      'skipped. Off by default: the specific rules (run-as-root, privilege escalation, capabilities, seccomp, read-only root) ' +
      'report what each missing setting means.',
    why:
      'Without a security context everything falls back to the runtime defaults: the image’s user (often root), privilege ' +
      'escalation allowed, the default capability set, a writable root filesystem and, on most clusters, no seccomp profile. ' +
      'CIS 5.6.3 asks for a security context on every pod and container.',
    fix:
      'The quick fix inserts a hardened starting point; test the workload with it:\n\n```yaml\nsecurityContext:\n  runAsNonRoot: true\n  ' +
      'allowPrivilegeEscalation: false\n  readOnlyRootFilesystem: true\n  capabilities:\n    drop: [ALL]\n  seccompProfile:\n    type: RuntimeDefault\n```',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    fsGroup: 2000\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext: {}\n',
      expect: ['securityContext: {}'],
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    fsGroup: 2000\n  containers:\n  - name: app\n    image: nginx:1.27\n' +
        '    securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}\n',
    },
    {
      text: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: job\n        image: busybox:1.36\n',
      expect: ['spec:\n      restartPolicy', 'name: job'],
      fixed:
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: job\n        image: busybox:1.36\n' +
        '        securityContext:\n          runAsNonRoot: true\n          allowPrivilegeEscalation: false\n          readOnlyRootFilesystem: true\n          capabilities:\n            drop:\n            - ALL\n' +
        '          seccompProfile:\n            type: RuntimeDefault\n      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      readOnlyRootFilesystem: true\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const pod of podSpecs(model)) {
      if (pod.windows) continue;
      const { document } = pod.object;
      if (isEmpty(findPair(pod.node, 'securityContext'), document)) {
        report({
          ...podSecuritySpan(pod),
          missing: true,
          message: `${describePod(pod)} has no pod securityContext: set at least runAsNonRoot: true and a RuntimeDefault seccomp profile.`,
          fixes: [hardenFix(pod.object.file, document, pod.node, HARDENED_POD, 'Add a hardened pod securityContext') ?? setPodFieldFix(pod, ['securityContext'], HARDENED_POD, 'Add a hardened pod securityContext')],
        });
      }
      for (const container of pod.containers) {
        if (!isEmpty(findPair(container.node, 'securityContext'), document)) continue;
        report({
          ...containerSecuritySpan(container),
          missing: true,
          message: `${describeContainer(container)} has no securityContext and runs on the runtime’s permissive defaults.`,
          fixes: [hardenFix(pod.object.file, document, container.node, HARDENED_CONTAINER, 'Add a hardened securityContext') ?? setContainerFieldFix(container, ['securityContext'], HARDENED_CONTAINER, 'Add a hardened securityContext')],
        });
      }
    }
  },
};

/** `securityContext: {}` is replaced as a whole (merging key by key into an empty flow map would glue the keys together). */
function hardenFix(file: YamlFile, document: YamlDocument, owner: YMap, value: YamlValue, title: string): OffsetFix | undefined {
  const map = asMap(deref(document, findPair(owner, 'securityContext')?.value));
  if (!map || map.items.length > 0 || !map.range) return undefined;
  return { title, edits: [{ start: map.range[0], end: map.range[1], newText: renderFlow(file, value) }], isPreferred: true };
}

function isEmpty(pair: ReturnType<typeof findPair>, document: Parameters<typeof deref>[0]): boolean {
  if (!pair) return true;
  const map = asMap(deref(document, pair.value));
  if (map) return map.items.length === 0;
  // A null value is empty; anything else (a template, an alias we cannot read) is left alone.
  return pair.value === null || (pair.value as { value?: unknown }).value === null;
}
