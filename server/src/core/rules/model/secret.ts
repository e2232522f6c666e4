import type { CandidatesModel, ModelRule, OffsetFix } from '../../rule';
import { secretWordOf, redact } from '../../secrets/secretNames';
import { knownSecretFormats } from '../../secrets/secretValues';
import { secretKey } from '../../model/predictions';
import { fixtureSecretScores } from '../../secrets/secretGrade';
import type { SecretCandidate } from '../../model/candidates';
import { assignments } from '../dockerfile/helpers';
import { buildFlagNote, SECRET_MOUNT_FIX_EXPLANATION, secretMountFix, type SecretMountFix } from '../dockerfile/secrets/secretMount';

/** The BuildKit secret-mount fix for the ARG/ENV the candidate's value belongs to. */
function dockerfileMountFix(model: CandidatesModel, candidate: SecretCandidate): SecretMountFix | undefined {
  if (!model.dockerfile || (candidate.context !== 'dockerfile-env' && candidate.context !== 'dockerfile-arg')) return undefined;
  const assignment = assignments(model.dockerfile).find(
    (a) => a.name === candidate.name && a.valueSpan !== undefined && a.valueSpan.start <= candidate.start && candidate.end <= a.valueSpan.end,
  );
  return assignment ? secretMountFix(model.dockerfile, assignment) : undefined;
}

/**
 * Moves the value out of the file where the file kind has a place for it: a Kubernetes Secret
 * reference (`valueFrom.secretKeyRef`, the Secret itself is the user's to create) or compose
 * interpolation from the environment / an untracked `.env` (`${NAME}`). Dockerfiles have their own
 * (`dockerfileMountFix`).
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
      'Rotate it, then inject it at run time: a BuildKit secret mount (`RUN --mount=type=secret,id=x,env=X`) for builds, `valueFrom.secretKeyRef` in Kubernetes, ' +
      '`${VAR}` from an untracked `.env` or a compose `secrets:` entry. The quick fixes write the `secretKeyRef` (the Secret is yours to create) ' +
      'and the `${VAR}`.\n\nIn a Dockerfile, the quick fix: ' +
      SECRET_MOUNT_FIX_EXPLANATION,
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
      text:
        'FROM python:3.13 AS build\nENV CONN_STRING=Zq8vR2mL9kP4rT7wY1nBx6\nRUN ./manage.py migrate --database "$CONN_STRING"\nCOPY . /app\n' +
        'RUN ./manage.py loaddata --database "${CONN_STRING}" fixtures.json\nFROM python:3.13-slim\nCOPY --from=build /app /app\n',
      expect: ['Zq8vR2mL9kP4rT7wY1nBx6'],
      predictions: { secrets: fixtureSecretScores('dockerfile-env', [['CONN_STRING', 'Zq8vR2mL9kP4rT7wY1nBx6', 0.98]]) },
      fixed:
        'FROM python:3.13 AS build\nRUN --mount=type=secret,id=conn_string,env=CONN_STRING ./manage.py migrate --database "$CONN_STRING"\nCOPY . /app\n' +
        'RUN --mount=type=secret,id=conn_string,env=CONN_STRING ./manage.py loaddata --database "${CONN_STRING}" fixtures.json\nFROM python:3.13-slim\nCOPY --from=build /app /app\n',
      note: 'Dockerfile: a BuildKit secret mount on the RUNs that read it',
    },
    {
      text: 'FROM alpine:3.22\r\nARG UPSTREAM=Zq8vR2mL9kP4rT7wY1nBx6\r\nRUN --mount=type=cache,target=/var/cache/apk wget -q --header "X-Key: $UPSTREAM" https://example.com/x\r\n',
      expect: ['Zq8vR2mL9kP4rT7wY1nBx6'],
      predictions: { secrets: fixtureSecretScores('dockerfile-arg', [['UPSTREAM', 'Zq8vR2mL9kP4rT7wY1nBx6', 0.91]]) },
      fixed: 'FROM alpine:3.22\r\nRUN --mount=type=secret,id=upstream,env=UPSTREAM --mount=type=cache,target=/var/cache/apk wget -q --header "X-Key: $UPSTREAM" https://example.com/x\r\n',
      note: 'ARG, CRLF, a RUN with another mount',
    },
    {
      text:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: orders\n    image: x:1\n    env:\n' +
        '    - name: SPRING_DATASOURCE_URL\n      value: "jdbc:postgresql://db:5432/orders?user=orders&password=Zq8vR2mL9kP4"\n',
      fileName: 'pod.yaml',
      expect: ['Zq8vR2mL9kP4"'],
      predictions: { secrets: fixtureSecretScores('cli-flag', [['password', 'Zq8vR2mL9kP4', 0.95]]) },
      fixed:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: orders\n    image: x:1\n    env:\n' +
        '    - name: SPRING_DATASOURCE_URL\n      valueFrom: {secretKeyRef: {name: orders-secrets, key: spring-datasource-url}}\n',
      note: 'a connection string is judged by its password parameter; the fix moves the whole value',
    },
    {
      text: 'services:\n  api:\n    image: x:1\n    environment:\n      DB_DSN: "Server=db;User Id=app;Pwd=Zq8vR2mL9kP4;"\n',
      fileName: 'compose.yaml',
      expect: ['Zq8vR2mL9kP4;'],
      predictions: { secrets: fixtureSecretScores('cli-flag', [['pwd', 'Zq8vR2mL9kP4', 0.95]]) },
      fixed: 'services:\n  api:\n    image: x:1\n    environment:\n      DB_DSN: ${DB_DSN}\n',
      note: 'compose, quoted: the finding is on the password, the fix replaces the whole quoted value',
    },
    {
      text: 'services:\n  web:\n    image: x:1\n    environment:\n      UPSTREAM: pk_live_51NaQx7Kd2LbVrT9eP0ymJtH4wZs8v\n      MAP: "pk.eyJ1IjoiYWNtZSJ9.Vt4Hq8Kx2Lm9Pz0RwYb7Nc"\n',
      fileName: 'compose.yaml',
      expect: [],
      predictions: {
        secrets: fixtureSecretScores('compose-env', [
          ['UPSTREAM', 'pk_live_51NaQx7Kd2LbVrT9eP0ymJtH4wZs8v', 0.97],
          ['MAP', 'pk.eyJ1IjoiYWNtZSJ9.Vt4Hq8Kx2Lm9Pz0RwYb7Nc', 0.99],
        ]),
      },
      note: 'keys that are public by design (Stripe publishable, Mapbox public) are never judged secret',
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
      // A secret-named holder is the name-based rules' finding (graded by this model); so is a value of a known format.
      if (secretWordOf(candidate.holder?.name ?? candidate.name) || knownSecretFormats(candidate.value).length > 0) continue;
      // A password in a URL inside a value is the "password in URL" format, which the value rules report.
      if (candidate.holder && candidate.context === 'url-credential') continue;
      const prediction = predictions.secret(candidate);
      if (!prediction || prediction.score < prediction.threshold) continue;
      // The fixes move the whole value out, whichever part of it the model judged.
      const whole: SecretCandidate = candidate.holder ? { ...candidate, ...candidate.holder } : candidate;
      const mount = dockerfileMountFix(model, whole);
      const fix = mount?.fix ?? moveOutFix(model.text, whole);
      const what = candidate.holder ? `value of ${candidate.holder.name} holds a ${candidate.name} parameter (${redact(candidate.value)}) that` : `value of ${candidate.name} (${redact(candidate.value)})`;
      report({
        start: candidate.start,
        end: candidate.end,
        fixes: fix ? [fix] : undefined,
        message:
          `${candidate.where} ${what} looks like a real secret to the model (score ${prediction.score.toFixed(2)}, ` +
          `threshold ${prediction.threshold.toFixed(2)}): rotate it and inject it at run time, or mark it as expected if it is not one.${mount ? buildFlagNote(mount) : ''}`,
        evidence: `score ${prediction.score.toFixed(3)} by ${prediction.model}`,
      });
    }
  },
};
