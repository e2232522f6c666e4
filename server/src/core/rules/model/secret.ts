import type { ModelRule } from '../../rule';
import { secretWordOf, redact } from '../../secrets/secretNames';
import { knownSecretFormats } from '../../secrets/secretValues';
import { secretKey } from '../../model/predictions';

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
      report({
        start: candidate.start,
        end: candidate.end,
        message:
          `${candidate.where} value of ${candidate.name} (${redact(candidate.value)}) looks like a real secret to the model (score ${prediction.score.toFixed(2)}, ` +
          `threshold ${prediction.threshold.toFixed(2)}): rotate it and inject it at run time, or mark it as expected if it is not one.`,
        evidence: `score ${prediction.score.toFixed(3)} by ${prediction.model}`,
      });
    }
  },
};
