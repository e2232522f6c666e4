import type { DockerfileRule } from '../../../rule';
import { assignments } from '../helpers';
import { isHarmlessValue, redact, secretWordOf } from '../../../secrets/secretNames';
import { fixtureSecretScores, gradeSecret, SECRET_GRADE_EXPLANATION, type SecretGrade } from '../../../secrets/secretGrade';

/** `ARG NPM_TOKEN`, `ENV DB_PASSWORD=…`: secrets in build args or env persist in the image or its history. */
export const secretInArgOrEnv: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/secret-in-arg-or-env',
  title: 'Secret passed through ARG or ENV',
  severity: 'warning',
  category: 'secrets',
  equivalents: ['hadolint:DL3064', 'buildkit:SecretsUsedInArgOrEnv', 'trivy:DS-0031'],
  compliance: ['CIS-Docker-4.10', 'CWE-798', 'CWE-522'],
  fixable: false,
  explanation: {
    what:
      'An `ARG` or `ENV` whose name says it holds a secret (`…PASSWORD`, `…TOKEN`, `…SECRET`, `API_KEY`, `…_KEY`, ' +
      '`…_AUTH`, `AWS_ACCESS_KEY_ID`). Names that point *to* a secret are not reported: `…_FILE`, `…_PATH`, `…_URL`, ' +
      '`…_NAME`, `…_ALIAS`, `…_VERSION`, `…_PROMPT`, `SSH_AUTH_SOCK`, anything `PUBLIC`, and public-key names such as ' +
      '`GPG_KEY`. Values that cannot be secrets (empty `ENV`, numbers, booleans, absolute paths, placeholders) are not ' +
      'reported either; a bare `ARG TOKEN` is, because its value arrives with `--build-arg`. ' +
      SECRET_GRADE_EXPLANATION,
    why:
      '`ENV` values are stored in the image configuration and visible to anyone who can pull it (`docker inspect`). ' +
      '`--build-arg` values are recorded in the image history of every step that uses them, in the build cache and in ' +
      'provenance attestations, even in build stages that are not shipped.',
    fix:
      'Use a BuildKit secret mount, which exposes the secret to one RUN without storing it:\n\n' +
      '```dockerfile\n# docker build --secret id=npm_token,env=NPM_TOKEN .\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n```\n\n' +
      'For runtime secrets, inject them when the container starts (orchestrator secrets, `docker run -e`, or a `*_FILE` variable pointing at a mounted file).',
  },
  fixtures: [
    {
      text: 'FROM alpine:3.22\nENV DB_PASSWORD=Tr0ub4dor-horse-9\n',
      expect: [{ at: 'DB_PASSWORD', severity: 'error' }],
      predictions: { secrets: fixtureSecretScores('dockerfile-env', [['DB_PASSWORD', 'Tr0ub4dor-horse-9', 0.96]], 0.62) },
      note: 'the secret model, when it ran, grades the literal (here: real, so an error)',
    },
    {
      text: 'FROM alpine:3.22\nARG DB_PASSWORD=please-change-me-2\n',
      expect: [{ at: 'DB_PASSWORD', severity: 'hint' }],
      predictions: { secrets: fixtureSecretScores('dockerfile-arg', [['DB_PASSWORD', 'please-change-me-2', 0.04]], 0.62) },
      note: 'graded a placeholder: a hint',
    },
    { text: 'FROM alpine:3.22\nENV DB_PASSWORD=Tr0ub4dor-horse-9\n', expect: [{ at: 'DB_PASSWORD', severity: 'warning' }], note: 'no prediction: the rule\'s own severity' },
    { text: 'FROM debian:12\nARG NPM_TOKEN\nRUN npm ci\n', expect: ['NPM_TOKEN'] },
    { text: 'ARG AWS_ACCESS_KEY_ID\nFROM debian:12\n', expect: ['AWS_ACCESS_KEY_ID'] },
    { text: 'FROM debian:12\nENV my_password=abcdefghijklmnopqrstuvwxyz\n', expect: ['my_password'] },
    { text: 'FROM debian:12\nENV password=bar secret=baz sunflower=foo\n', expect: ['password', 'secret'] },
    { text: 'FROM debian:12\nENV DB_PASSWORD=$DB_PASSWORD\n', expect: ['DB_PASSWORD'], note: 'copies a build arg into the runtime env' },
    { text: 'FROM debian:12\nARG openai_api_key=\n', expect: ['openai_api_key'], note: 'empty ARG default: the value still comes via --build-arg' },
    {
      text:
        'FROM debian:12\nARG KMS_KEY_ALIAS\nENV PASSWORD_PROMPT_STRING="Password:"\nENV GOPRIVATE=github.com/acme\n' +
        'ENV AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/token\nENV FACEBOOK_APP_ID=123\nENV SSH_AUTH_SOCK=/ssh-agent\nARG DB_USER\n' +
        'ENV NEXT_PUBLIC_API_KEY=pk_123\nARG AUTH_MODULE_VERSION\nENV PYTHON_GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n',
      expect: [],
      note: 'the false positives reported against BuildKit and hadolint',
    },
    { text: 'FROM debian:12\nENV git_key=\nENV TOKEN_TTL=3600\nENV SECRET_KEY_PATH=/run/secrets/key\n', expect: [], note: 'empty, numeric and path values' },
    { text: 'FROM debian:12\nONBUILD ARG GITHUB_TOKEN\n', expect: ['GITHUB_TOKEN'], note: 'ONBUILD' },
    { text: 'FROM debian:12\r\nARG DB_PASS\r\n', expect: ['DB_PASS'], note: 'CRLF' },
  ],
  check({ model, report, predictions }) {
    for (const a of assignments(model)) {
      const word = secretWordOf(a.name);
      if (!word) continue;
      const value = a.value;
      const isArg = a.instruction.keyword === 'ARG';
      let message: string;
      let grade: SecretGrade | undefined;
      if (value === null || value === '') {
        // `ENV X=` is a placeholder to be set at run time; `ARG X` receives its value from --build-arg.
        if (!isArg) continue;
        message = `Build arg "${a.name}" looks like a secret ("${word}"): --build-arg values are recorded in the image history, cache and provenance; use RUN --mount=type=secret instead.`;
      } else if (value.includes('$')) {
        message = isArg
          ? `Build arg "${a.name}" looks like a secret ("${word}") and its default comes from another variable; pass secrets with RUN --mount=type=secret instead.`
          : `ENV "${a.name}" copies a secret-looking value ("${word}") into the image configuration, visible to anyone who pulls the image; use RUN --mount=type=secret for build steps and runtime secrets for containers.`;
      } else {
        if (isHarmlessValue(value)) continue;
        message = `${a.instruction.keyword} "${a.name}" looks like a secret ("${word}") and is set to a literal value (${redact(value)}); it is stored in the image${isArg ? ' history' : ' configuration'} and in your repository — rotate it and use RUN --mount=type=secret or runtime secrets.`;
        // The secret scorer, when it ran, grades the literal: a real-looking value is an error, a placeholder a hint.
        grade = gradeSecret(predictions, { value, name: a.name, context: isArg ? 'dockerfile-arg' : 'dockerfile-env' });
        if (grade) message += ` ${grade.sentence}`;
      }
      report({ start: a.nameSpan.start, end: a.nameSpan.end, message, evidence: a.name, severity: grade?.severity });
    }
  },
};
