import type { KubernetesRule } from '../../../rule';
import { allContainers, describeContainer, findPair, getMap, getNode, keySpan, stringValue } from '../helpers';
import { envEntries, envFromSources } from './workloadKit';

/** Secrets read into environment variables (CIS 5.4.1 prefers files). */
export const secretEnvRef: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/secret-env-ref',
  title: 'Secret exposed as an environment variable',
  severity: 'info',
  category: 'secrets',
  equivalents: ['kube-linter:read-secret-from-env-var', 'checkov:CKV_K8S_35', 'kics:secrets_as_environment_variables'],
  compliance: ['CIS-K8s-1.12-5.4.1', 'CWE-526'],
  enabledByDefault: false,
  fixable: false,
  explanation: {
    what: 'A container reads a Secret through `env[].valueFrom.secretKeyRef` or `envFrom[].secretRef`. Off by default.',
    why:
      'Environment variables leak more easily than files: they are inherited by every child process, printed by crash ' +
      'reporters, debug endpoints and `env` in support sessions, and visible in /proc/<pid>/environ to processes of the same ' +
      'user. Mounted Secret files are also updated in place when the Secret changes; env values are fixed at start.',
    fix:
      'Mount the Secret as a volume (`volumes: [{name: db, secret: {secretName: db}}]` with a read-only `volumeMounts` entry) ' +
      'and have the application read the file (many images accept `<VAR>_FILE`).',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n    env:\n    - name: DB_PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: db\n          key: password\n' +
        '    envFrom:\n    - secretRef:\n        name: api-keys\n    - configMapRef:\n        name: settings\n',
      expect: ['secretKeyRef:', 'secretRef:'],
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n    env:\n    - name: LEVEL\n      valueFrom:\n        configMapKeyRef: {name: settings, key: level}\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const container of allContainers(model)) {
      const { file, document } = container.pod.object;
      for (const entry of envEntries(container)) {
        const pair = findPair(entry.valueFrom, 'secretKeyRef');
        if (!pair) continue;
        const ref = getMap(entry.valueFrom, 'secretKeyRef', document);
        const secret = stringValue(file, getNode(ref, 'name', document));
        const key = stringValue(file, getNode(ref, 'key', document));
        const source = secret !== undefined ? `Secret "${secret}"${key !== undefined ? ` key "${key}"` : ''}` : 'a Secret';
        report({
          ...keySpan(pair),
          message: `${describeContainer(container)} reads ${source} into ${entry.name !== undefined ? `env ${entry.name}` : 'an env variable'}; environment variables leak to child processes and crash dumps. Mount the Secret as a file instead.`,
        });
      }
      for (const source of envFromSources(container)) {
        const pair = findPair(source, 'secretRef');
        if (!pair) continue;
        const secret = stringValue(file, getNode(getMap(source, 'secretRef', document), 'name', document));
        report({
          ...keySpan(pair),
          message: `${describeContainer(container)} loads every key of ${secret !== undefined ? `Secret "${secret}"` : 'a Secret'} into its environment; environment variables leak to child processes and crash dumps. Mount the Secret as a file instead.`,
        });
      }
    }
  },
};
