import type { KubernetesRule } from '../../../rule';
import { isHarmlessValue, redact, secretWordOf } from '../../../secrets/secretNames';
import { knownSecretFormats } from '../../../secrets/secretValues';
import { fixtureSecretScores, gradeSecret, SECRET_GRADE_EXPLANATION } from '../../../secrets/secretGrade';
import { allContainers, describeContainer, nodeSpan, stringValue } from '../helpers';
import { envEntries } from './workloadKit';

/**
 * PEM private keys with any number of dashes, as people paste them (`---BEGIN OPENSSH PRIVATE KEY---`). The match
 * starts at the first dash of a run (`(?<!-)`): unanchored `-+` retried from every dash is quadratic in a long run.
 */
const LOOSE_PRIVATE_KEY = /(?<!-)-+\s*BEGIN\s+(?:[A-Z0-9]+\s+)*PRIVATE\s+KEY(?:\s+BLOCK)?\s*-+/i;

/**
 * What makes a literal env value a secret, or undefined. `byName`: only the variable's name says so,
 * which the secret model may confirm or contradict; a known format or a private key is certain.
 */
function secretIn(name: string | undefined, value: string): { what: string; shown: string; byName: boolean } | undefined {
  const hit = knownSecretFormats(value)[0];
  if (hit) return { what: hit.detector, shown: redact(hit.value), byName: false };
  if (LOOSE_PRIVATE_KEY.test(value)) return { what: 'private key', shown: redact(value.trim()), byName: false };
  // `$(OTHER_VAR)` is expanded by the kubelet from another variable, which may come from a Secret.
  if (name === undefined || value.includes('$(') || value.includes('${') || isHarmlessValue(value)) return undefined;
  const word = secretWordOf(name);
  return word ? { what: `${word} value`, shown: redact(value), byName: true } : undefined;
}

/** `env[].value` holding a credential: it is stored in the manifest, in Git and in the API object. */
export const secretInEnv: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/secret-in-env',
  title: 'Hard-coded secret in a container environment variable',
  severity: 'error',
  category: 'secrets',
  equivalents: ['polaris:sensitiveContainerEnvVar', 'kube-linter:env-var-secret'],
  compliance: ['CWE-798', 'CWE-312'],
  fixable: false,
  explanation: {
    what:
      'A container sets an environment variable with a literal `value` that is a credential: either the variable is named ' +
      'like one (`DB_PASSWORD`, `API_TOKEN`, `JWT_SECRET`…) and the value is not a placeholder, or the value has a known ' +
      'credential format (private key, cloud or forge token, password in a URL) whatever the name. `valueFrom` passes. ' +
      'Messages show only the first characters of the value. ' +
      SECRET_GRADE_EXPLANATION,
    why:
      'The value is stored in plain text in the manifest, in the Git history, in the Deployment object (readable by anyone ' +
      'who can `get` it, unlike Secrets which RBAC usually guards separately) and in every tool that renders or logs manifests.',
    fix:
      'Put the value in a Secret (created out of band, or with Sealed Secrets / External Secrets / SOPS) and reference it:\n\n' +
      '```yaml\nenv:\n- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: password}\n```\n\nRotate the exposed credential.',
  },
  fixtures: [
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n    env:\n    - name: DB_USER\n      value: postgres\n' +
        '    - name: DB_PASSWORD\n      value: "s3cr3t-Pa55"\n    - name: DATABASE_URL\n      value: postgres://app:hunter2x@db:5432/app\n',
      expect: ['"s3cr3t-Pa55"', 'postgres://app:hunter2x@db:5432/app'],
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n    env:\n' +
        '    - name: DB_PASSWORD\n      value: "s3cr3t-Pa55"\n    - {name: API_TOKEN, value: replace-me-in-prod}\n    - name: JWT_SECRET\n      value: c2VjcmV0LWtleS0x\n' +
        '    - name: DATABASE_URL\n      value: postgres://app:hunter2x@db:5432/app\n',
      expect: [
        { at: '"s3cr3t-Pa55"', severity: 'error' }, { at: 'replace-me-in-prod', severity: 'hint' },
        { at: 'c2VjcmV0LWtleS0x', severity: 'error' }, { at: 'postgres://app:hunter2x@db:5432/app', severity: 'error' },
      ],
      predictions: {
        secrets: fixtureSecretScores('k8s-env', [['DB_PASSWORD', 's3cr3t-Pa55', 0.97], ['API_TOKEN', 'replace-me-in-prod', 0.03], ['DATABASE_URL', 'postgres://app:hunter2x@db:5432/app', 0.02]]),
      },
      note: 'the secret model grades values reported for their name (real: error, placeholder: hint, not seen: unchanged); a known format is certain',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n    env:\n    - name: the_good_stuff\n      value: |\n' +
        '        ---BEGIN OPENSSH PRIVATE KEY---\n        xxxxx\n        ---END OPENSSH PRIVATE KEY---\n',
      expect: ['|'],
      note: 'a private key whatever the variable is called',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n    env:\n    - name: token\n      valueFrom:\n        secretKeyRef: {name: s, key: token}\n' +
        '    - name: PASSWORD_FILE\n      value: /run/secrets/db\n    - name: API_TOKEN\n      value: changeme\n    - name: DB_PASSWORD\n      value: $(DB_PASSWORD_FROM_SECRET)\n    - name: greeting\n      value: hello\n',
      expect: [],
      note: 'valueFrom, a path, a placeholder, a reference to another variable',
    },
  ],
  check({ model, report, predictions }) {
    for (const container of allContainers(model)) {
      const { file } = container.pod.object;
      for (const entry of envEntries(container)) {
        if (!entry.valueNode) continue;
        const value = stringValue(file, entry.valueNode);
        if (value === undefined) continue;
        const secret = secretIn(entry.name, value);
        if (!secret) continue;
        const variable = entry.name !== undefined ? `env ${entry.name}` : 'an env variable';
        // The same name and unquoted value the model's candidate for this entry carries (core/model/candidates.ts).
        const grade = secret.byName && entry.name !== undefined ? gradeSecret(predictions, { value, name: entry.name, context: 'k8s-env' }) : undefined;
        report({
          ...nodeSpan(entry.valueNode),
          message:
            `${describeContainer(container)} sets ${variable} to a literal ${secret.what} ("${secret.shown}"). Move it to a Secret and use valueFrom.secretKeyRef, then rotate it.` +
            (grade ? ` ${grade.sentence}` : ''),
          severity: grade?.severity,
        });
      }
    }
  },
};
