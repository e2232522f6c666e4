import type { KubernetesRule, OffsetFix } from '../../../rule';
import { appendItem, replaceScalar } from '../../../documents/yamlEdit';
import { allContainers, containerField, describeContainer, keySpan, nodeSpan, setContainerSecurityFix } from '../helpers';
import { capabilityList, containerSecuritySpan, pssProfile, windowsExempt } from './common';

/**
 * The restricted Pod Security Standard requires `capabilities.drop` to contain `ALL`. Its other
 * half (add only NET_BIND_SERVICE) is judged by kubernetes/capabilities-added, which knows the
 * active level. Under a PSS profile `ALL` must be spelled exactly, as admission compares it.
 */
export const capabilitiesNotDropped: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/capabilities-not-dropped',
  title: 'Container does not drop all capabilities',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['trivy:KSV-0003', 'checkov:CKV_K8S_37', 'kics:no_drop_capabilities_for_containers', 'pss:capabilities_restricted'],
  compliance: ['PSS-Restricted-capabilities_restricted', 'CIS-K8s-1.12-5.2.9', 'NSA-CISA-pod-security', 'CWE-250'],
  pss: [{ level: 'restricted', control: 'capabilities_restricted', since: 22 }],
  fixable: true,
  explanation: {
    what:
      'A container (regular, init or ephemeral) whose `securityContext.capabilities.drop` does not include `ALL`. Names are ' +
      'matched case-insensitively and with or without `CAP_`, except under a PSS profile, where admission wants exactly `ALL`. ' +
      'Windows pods are exempt from Kubernetes 1.25.',
    why:
      'Container runtimes grant a default set of capabilities (CHOWN, DAC_OVERRIDE, FOWNER, NET_RAW, SETUID, SETGID, KILL, …) ' +
      'that most applications never use but an attacker can: NET_RAW enables ARP/DNS spoofing on the pod network, DAC_OVERRIDE ' +
      'and FOWNER bypass file permissions. Dropping ALL and adding back only what is needed removes them; the restricted Pod ' +
      'Security Standard requires it.',
    fix: '```yaml\nsecurityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]   # only if the process binds a port below 1024\n```',
  },
  fixtures: [
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n',
      expect: ['name: app'],
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop:\n        - ALL\n',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n    securityContext:\n      capabilities:\n        drop:\n        - NET_RAW\n' +
        '  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities: {drop: [NET_RAW, SYS_ADMIN]}\n',
      expect: ['drop:\n        - NET_RAW', 'drop: ['],
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n    securityContext:\n      capabilities:\n        drop:\n        - NET_RAW\n        - ALL\n' +
        '  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities: {drop: [NET_RAW, SYS_ADMIN, ALL]}\n',
      note: 'a list without ALL, block and flow style',
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [all]\n',
      expect: ['all]'],
      config: { profiles: ['pss-restricted'] },
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [ALL]\n',
      note: 'admission compares ALL exactly',
    },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [all]\n', expect: [], note: 'the runtime reads any case' },
    { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  os: {name: windows}\n  containers:\n  - name: app\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n', expect: [], note: 'Windows pods are exempt' },
  ],
  check({ model, config, report }) {
    const exact = pssProfile(config);
    for (const container of allContainers(model)) {
      if (windowsExempt(container.pod, config)) continue;
      const { file } = container.pod.object;
      const drop = capabilityList(container, 'drop');
      if (drop.unknown) continue;
      if (drop.items.some((item) => (exact ? item.raw === 'ALL' : item.name === 'ALL'))) continue;
      const misspelt = drop.items.find((item) => item.name === 'ALL');
      if (misspelt) {
        report({
          ...nodeSpan(misspelt.node),
          message: `${describeContainer(container)} drops "${misspelt.raw}": Pod Security admission only accepts the exact spelling "ALL".`,
          fixes: [{ title: 'Write ALL', edits: replaceScalar(file, misspelt.node, 'ALL'), isPreferred: true }],
        });
        continue;
      }
      const fix: OffsetFix = drop.seq
        ? { title: 'Add ALL to capabilities.drop', edits: appendItem(file, drop.seq, 'ALL'), isPreferred: true }
        : setContainerSecurityFix(container, ['capabilities', 'drop'], ['ALL'], 'Drop ALL capabilities');
      const message = `${describeContainer(container)} does not drop ALL capabilities: add ALL to securityContext.capabilities.drop and add back only what it needs.`;
      if (drop.seq && drop.pair) {
        report({ ...keySpan(drop.pair), message, fixes: [fix] });
        continue;
      }
      const capabilitiesPair = containerField(container, ['capabilities'])?.pair;
      report({ ...(drop.pair ? keySpan(drop.pair) : capabilitiesPair ? keySpan(capabilitiesPair) : containerSecuritySpan(container)), missing: true, message, fixes: [fix] });
    }
  },
};
