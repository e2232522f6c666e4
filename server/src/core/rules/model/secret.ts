import type { ModelRule } from '../../rule';
import { secretWordOf, redact } from '../../secrets/secretNames';
import { knownSecretFormats } from '../../secrets/secretValues';
import { secretKey } from '../../model/predictions';
import type { SecretCandidate } from '../../model/candidates';
import type { OffsetFix } from '../../rule';

/**
 * Moves the value out of the file where the file kind has a place for it: a Kubernetes Secret
 * reference (`valueFrom.secretKeyRef`, the Secret itself is the user's to create) or compose
 * interpolation from the environment / an untracked `.env` (`${NAME}`).
 */
function moveOutFix(text: string, candidate: SecretCandidate): OffsetFix | undefined {
  const quoted = /["']/.test(text[candidate.start - 1] ?? '') && text[candidate.end] === text[candidate.start - 1];
  const start = quoted ? candidate.start - 1 : candidate.start;
  const end = quoted ? candidate.end + 1 : candidate.end;
  if (candidate.context === 'compose-env' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(candidate.name)) {
    return { title: `Read ${candidate.name} from the environment (\${${candidate.name}})`, edits: [{ start, end, newText: `\${${candidate.name}}` }], isPreferred: true };
  }
  if (candidate.context === 'k8s-env') {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const key = /(^|[\s{,])value\s*:\s*$/.exec(text.slice(lineStart, start));
    if (!key) return undefined;
    const keyStart = lineStart + key.index + key[1].length;
    const container = /"([^"]+)"/.exec(candidate.where)?.[1] ?? 'app';
    const secretName = `${container.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}-secrets`;
    const ref = `valueFrom: {secretKeyRef: {name: ${secretName}, key: ${candidate.name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}}}`;
    return { title: `Reference a Secret instead (secretKeyRef ${secretName})`, edits: [{ start: keyStart, end, newText: ref }], isPreferred: true };
  }
  return undefined;
}

/**
 * The secret scorer finds a real-looking credential in a value whose name says nothing (`ENV CONN=…`,
 * `--data x`), which the name-based rules cannot see. Values the rules already report by name or
 * format are left to them.
 */
export const modelSecret: ModelRule = {
  kind: 'model',
  id: 'model/secret',
  title: 'Value looks like a real secret (model)',
  severity: 'warning',
  category: 'secrets',
  equivalents: [],
  compliance: ['CWE-798', 'CIS-Docker-4.10'],
  fixable: true,
  explanation: {
    what:
      'The on-device secret scorer rates a literal value — an ENV/ARG value, a Kubernetes `env.value`, a compose `environment` ' +
      'entry, a password in a URL or after `--password` — as a real credential rather than a placeholder, although its name does not ' +
      'say so and no known token format matches. The hover shows the score and the part of the value that drove it.',
    why: 'A credential committed to a Dockerfile, manifest or compose file leaks to everyone who can read the repository or pull the image, and stays in the history after it is removed.',
    fix:
      'Rotate it, then inject it at run time: a BuildKit secret mount (`RUN --mount=type=secret,id=x`) for builds, `valueFrom.secretKeyRef` in Kubernetes, ' +
      '`${VAR}` from an untracked `.env` or a compose `secrets:` entry.',
  },
  fixtures: [
    {
      text: 'FROM alpine:3.22\nENV CONN_STRING=Zq8vR2mL9kP4rT7wY1nBx6\n',
      expect: ['Zq8vR2mL9kP4rT7wY1nBx6'],
      predictions: {
        secrets: {
          [secretKey({ value: 'Zq8vR2mL9kP4rT7wY1nBx6', name: 'CONN_STRING', context: 'dockerfile-env' })]: { score: 0.98, threshold: 0.5, evidence: [{ start: 0, end: 8, weight: 0.4 }], model: 'secret-scorer fixture' },
        },
      },
    },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: api\n    image: x:1\n    env:\n    - name: UPSTREAM\n      value: "Zq8vR2mL9kP4rT7wY1nBx6"\n',
      fileName: 'pod.yaml',
      expect: ['Zq8vR2mL9kP4rT7wY1nBx6'],
      predictions: {
        secrets: {
          [secretKey({ value: 'Zq8vR2mL9kP4rT7wY1nBx6', name: 'UPSTREAM', context: 'k8s-env' })]: { score: 0.97, threshold: 0.5, evidence: [], model: 'secret-scorer fixture' },
        },
      },
      fixed: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: api\n    image: x:1\n    env:\n    - name: UPSTREAM\n      valueFrom: {secretKeyRef: {name: api-secrets, key: upstream}}\n',
    },
    {
      text: 'services:\n  api:\n    image: x:1\n    environment:\n      UPSTREAM: Zq8vR2mL9kP4rT7wY1nBx6\n',
      fileName: 'compose.yaml',
      expect: ['Zq8vR2mL9kP4rT7wY1nBx6'],
      predictions: {
        secrets: {
          [secretKey({ value: 'Zq8vR2mL9kP4rT7wY1nBx6', name: 'UPSTREAM', context: 'compose-env' })]: { score: 0.97, threshold: 0.5, evidence: [], model: 'secret-scorer fixture' },
        },
      },
      fixed: 'services:\n  api:\n    image: x:1\n    environment:\n      UPSTREAM: ${UPSTREAM}\n',
    },
    {
      text: 'FROM alpine:3.22\nENV CONN_STRING=changeme\n',
      expect: [],
      predictions: { secrets: { [secretKey({ value: 'changeme', name: 'CONN_STRING', context: 'dockerfile-env' })]: { score: 0.02, threshold: 0.5, evidence: [], model: 'secret-scorer fixture' } } },
    },
    {
      text: 'FROM alpine:3.22\nENV API_TOKEN=Zq8vR2mL9kP4rT7wY1nBx6\n',
      expect: [],
      predictions: { secrets: { [secretKey({ value: 'Zq8vR2mL9kP4rT7wY1nBx6', name: 'API_TOKEN', context: 'dockerfile-env' })]: { score: 0.99, threshold: 0.5, evidence: [], model: 'secret-scorer fixture' } } },
      note: 'a secret-named variable is the name-based rules\' finding',
    },
  ],
  check({ model, predictions, report }) {
    if (!predictions) return;
    for (const candidate of model.candidates.secrets) {
      if (secretWordOf(candidate.name) || knownSecretFormats(candidate.value).length > 0) continue;
      const prediction = predictions.secret(candidate);
      if (!prediction || prediction.score < prediction.threshold) continue;
      const fix = moveOutFix(model.text, candidate);
      report({
        start: candidate.start,
        end: candidate.end,
        fixes: fix ? [fix] : undefined,
        message:
          `${candidate.where} value of ${candidate.name} (${redact(candidate.value)}) looks like a real secret to the model (score ${prediction.score.toFixed(2)}, ` +
          `threshold ${prediction.threshold.toFixed(2)}): rotate it and inject it at run time, or mark it as expected if it is not one.`,
        evidence: `score ${prediction.score.toFixed(3)} by ${prediction.model}`,
      });
    }
  },
};
