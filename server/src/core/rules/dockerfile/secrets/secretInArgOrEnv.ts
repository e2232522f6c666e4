import type { DockerfileRule } from '../../../rule';
import { assignments } from '../helpers';
import { isHarmlessValue, redact, secretWordOf } from '../../../secrets/secretNames';
import { fixtureSecretScores, gradeSecret, SECRET_GRADE_EXPLANATION, type SecretGrade } from '../../../secrets/secretGrade';
import { buildFlagNote, SECRET_MOUNT_FIX_EXPLANATION, secretMountFix } from './secretMount';

/** `ARG NPM_TOKEN`, `ENV DB_PASSWORD=…`: secrets in build args or env persist in the image or its history. */
export const secretInArgOrEnv: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/secret-in-arg-or-env',
  title: 'Secret passed through ARG or ENV',
  severity: 'warning',
  category: 'secrets',
  equivalents: ['hadolint:DL3064', 'buildkit:SecretsUsedInArgOrEnv', 'trivy:DS-0031'],
  compliance: ['CIS-Docker-4.10', 'CWE-798', 'CWE-522'],
  fixable: true,
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
      'Rotate a value that was committed, then use a BuildKit secret mount, which exposes the secret to one RUN without storing it:\n\n' +
      '```dockerfile\n# docker build --secret id=npm_token,env=NPM_TOKEN .\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n```\n\n' +
      'The quick fix, for a literal value or a bare `ARG`: ' +
      SECRET_MOUNT_FIX_EXPLANATION +
      '\n\nFor runtime secrets, inject them when the container starts (orchestrator secrets, `docker run -e`, or a `*_FILE` variable pointing at a mounted file).',
  },
  fixtures: [
    {
      text: 'FROM alpine:3.22\nENV DB_PASSWORD=Tr0ub4dor-horse-9\n',
      expect: [{ at: 'DB_PASSWORD', severity: 'error' }],
      predictions: { secrets: fixtureSecretScores('dockerfile-env', [['DB_PASSWORD', 'Tr0ub4dor-horse-9', 0.96]], 0.62) },
      note: 'the secret model, when it ran, grades the literal (here: real, so an error)',
    },
    {
      text: 'FROM alpine:3.22\nARG DB_PASSWORD=please-change-me-2\nRUN ./migrate --password "$DB_PASSWORD"\n',
      expect: [{ at: 'DB_PASSWORD', severity: 'hint' }],
      predictions: { secrets: fixtureSecretScores('dockerfile-arg', [['DB_PASSWORD', 'please-change-me-2', 0.04]], 0.62) },
      fixed: 'FROM alpine:3.22\nRUN --mount=type=secret,id=db_password,env=DB_PASSWORD ./migrate --password "$DB_PASSWORD"\n',
      note: 'graded a placeholder: a hint, still with the mount fix',
    },
    { text: 'FROM alpine:3.22\nENV DB_PASSWORD=Tr0ub4dor-horse-9\n', expect: [{ at: 'DB_PASSWORD', severity: 'warning' }], note: 'no prediction: the rule\'s own severity' },
    {
      text: 'FROM alpine:3.22\nENV DB_PASSWORD=Tr0ub4dor-horse-9\nRUN ./migrate --password "$DB_PASSWORD"\nCMD ["./serve"]\n',
      expect: ['DB_PASSWORD'],
      fixed: 'FROM alpine:3.22\nRUN --mount=type=secret,id=db_password,env=DB_PASSWORD ./migrate --password "$DB_PASSWORD"\nCMD ["./serve"]\n',
      note: 'ENV read by one RUN: a secret mount on that RUN, the ENV goes',
    },
    {
      text:
        'FROM node:22 AS build\nARG NPM_TOKEN\nRUN curl -fH "Authorization: Bearer $NPM_TOKEN" -o a.tgz https://npm.example.com/a.tgz\n' +
        'RUN npm ci && npm publish --registry https://npm.example.com --//npm.example.com/:_authToken=${NPM_TOKEN}\n' +
        'FROM alpine:3.22\nRUN echo "$NPM_TOKEN" > /dev/null\n',
      expect: ['NPM_TOKEN'],
      fixed:
        'FROM node:22 AS build\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN curl -fH "Authorization: Bearer $NPM_TOKEN" -o a.tgz https://npm.example.com/a.tgz\n' +
        'RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci && npm publish --registry https://npm.example.com --//npm.example.com/:_authToken=${NPM_TOKEN}\n' +
        'FROM alpine:3.22\nRUN echo "$NPM_TOKEN" > /dev/null\n',
      note: 'bare ARG read by two RUNs of its stage; a stage FROM another image does not see it and is left alone',
    },
    {
      text: 'FROM alpine:3.22 AS base\nARG GITHUB_TOKEN\nRUN apk add curl\nFROM base AS fetch\nRUN curl -fH "Authorization: token ${GITHUB_TOKEN}" -o src.tgz https://api.github.com/repos/o/r/tarball\n',
      expect: ['GITHUB_TOKEN'],
      fixed: 'FROM alpine:3.22 AS base\nRUN apk add curl\nFROM base AS fetch\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN curl -fH "Authorization: token ${GITHUB_TOKEN}" -o src.tgz https://api.github.com/repos/o/r/tarball\n',
      note: 'BuildKit passes a stage\'s ARGs on to stages built FROM it',
    },
    {
      text: 'FROM alpine:3.22\nENV APP_ENV=prod API_TOKEN=9f8e7d6c5b4a39281726 \\\n    LOG_LEVEL=info\nRUN curl -fH "X-Token: $API_TOKEN" https://api.example.com/warm-up\n',
      expect: ['API_TOKEN'],
      fixed: 'FROM alpine:3.22\nENV APP_ENV=prod LOG_LEVEL=info\nRUN --mount=type=secret,id=api_token,env=API_TOKEN curl -fH "X-Token: $API_TOKEN" https://api.example.com/warm-up\n',
      note: 'one key of a multi-key ENV: only that key goes',
    },
    {
      text: 'FROM alpine:3.22\nENV APP_ENV=prod API_TOKEN=9f8e7d6c5b4a39281726\nRUN curl -fH "X-Token: $API_TOKEN" https://api.example.com/warm-up\n',
      expect: ['API_TOKEN'],
      fixed: 'FROM alpine:3.22\nENV APP_ENV=prod\nRUN --mount=type=secret,id=api_token,env=API_TOKEN curl -fH "X-Token: $API_TOKEN" https://api.example.com/warm-up\n',
      note: 'the last key of a multi-key ENV',
    },
    {
      text: 'FROM alpine:3.22\nENV API_KEY 9f8e7d6c5b4a39281726\nRUN curl -fH "X-Api-Key: ${API_KEY}" https://api.example.com/warm-up\n',
      expect: ['API_KEY'],
      fixed: 'FROM alpine:3.22\nRUN --mount=type=secret,id=api_key,env=API_KEY curl -fH "X-Api-Key: ${API_KEY}" https://api.example.com/warm-up\n',
      note: 'legacy ENV NAME value form',
    },
    {
      text:
        'FROM node:22\nARG NPM_TOKEN\nRUN --mount=type=cache,target=/root/.npm npm ci --//registry.npmjs.org/:_authToken=$NPM_TOKEN\n' +
        'RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm publish --//registry.npmjs.org/:_authToken=$NPM_TOKEN\n',
      expect: ['NPM_TOKEN'],
      fixed:
        'FROM node:22\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN --mount=type=cache,target=/root/.npm npm ci --//registry.npmjs.org/:_authToken=$NPM_TOKEN\n' +
        'RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm publish --//registry.npmjs.org/:_authToken=$NPM_TOKEN\n',
      note: 'other --mount flags stay; a RUN that already mounts a secret into the variable is left alone',
    },
    {
      text: 'FROM alpine:3.22\nARG DEPLOY_TOKEN\nRUN <<EOF\nset -e\ncurl -fH "Authorization: Bearer $DEPLOY_TOKEN" -o /tmp/a.tgz https://example.com/a.tgz\nEOF\n',
      expect: ['DEPLOY_TOKEN'],
      fixed: 'FROM alpine:3.22\nRUN --mount=type=secret,id=deploy_token,env=DEPLOY_TOKEN <<EOF\nset -e\ncurl -fH "Authorization: Bearer $DEPLOY_TOKEN" -o /tmp/a.tgz https://example.com/a.tgz\nEOF\n',
      note: 'heredoc RUN',
    },
    {
      text: 'FROM alpine:3.22\r\nARG DB_PASS\r\nRUN mysql -uapp -p"$DB_PASS" -e "select 1"\r\n',
      expect: ['DB_PASS'],
      fixed: 'FROM alpine:3.22\r\nRUN --mount=type=secret,id=db_pass,env=DB_PASS mysql -uapp -p"$DB_PASS" -e "select 1"\r\n',
      note: 'CRLF',
    },
    { text: 'FROM debian:12\nARG NPM_TOKEN\nRUN npm ci\n', expect: ['NPM_TOKEN'], note: 'no RUN names the variable: no mount fix (npm may read it, which no text shows)' },
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
        // No mount fix: the secret enters through the other variable, whose own ARG/ENV is the place to fix.
        report({ start: a.nameSpan.start, end: a.nameSpan.end, message, evidence: a.name });
        continue;
      } else {
        if (isHarmlessValue(value)) continue;
        message = `${a.instruction.keyword} "${a.name}" looks like a secret ("${word}") and is set to a literal value (${redact(value)}); it is stored in the image${isArg ? ' history' : ' configuration'} and in your repository — rotate it and use RUN --mount=type=secret or runtime secrets.`;
        // The secret scorer, when it ran, grades the literal: a real-looking value is an error, a placeholder a hint.
        grade = gradeSecret(predictions, { value, name: a.name, context: isArg ? 'dockerfile-arg' : 'dockerfile-env' });
        if (grade) message += ` ${grade.sentence}`;
      }
      const mount = secretMountFix(model, a);
      report({
        start: a.nameSpan.start,
        end: a.nameSpan.end,
        message: mount ? message + buildFlagNote(mount) : message,
        evidence: a.name,
        severity: grade?.severity,
        fixes: mount ? [mount.fix] : undefined,
      });
    }
  },
};
