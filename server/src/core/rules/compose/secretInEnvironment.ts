import type { ComposeRule } from '../../rule';
import { isHarmlessValue, redact, secretWordOf } from '../../secrets/secretNames';
import { knownSecretFormats } from '../../secrets/secretValues';
import { fixtureSecretScores, gradeSecret, SECRET_GRADE_EXPLANATION } from '../../secrets/secretGrade';
import { asMap } from '../../documents/yaml';
import { keyValueEntries, type KeyValueEntry } from './helpers';
import { GroupedReports, hasInterpolation, mapField, ownField, unescapeDollars } from './shared';

/** Literal credentials in `environment:` (map or `KEY=VALUE` list) or `build.args`. */
export const composeSecretInEnvironment: ComposeRule = {
  kind: 'compose',
  id: 'compose/secret-in-environment',
  title: 'Literal secret in a service\'s environment',
  severity: 'warning',
  category: 'secrets',
  equivalents: ['kics:passwords_and_secrets'],
  compliance: ['CWE-798', 'CWE-522'],
  explanation: {
    what:
      'An `environment:` entry (map or `KEY=VALUE` list form) or `build.args` entry holds a literal credential: a ' +
      'known format (AWS key, GitHub/GitLab/Slack/Stripe token, private key, JWT, password in a URL) under any name, ' +
      'or a real-looking value under a secret-like name (`…PASSWORD`, `…TOKEN`, `…SECRET`, `API_KEY`). Values taken ' +
      'from the shell or `.env` (`${DB_PASSWORD}`, `$TOKEN`, a bare `KEY`) are not literals and are not reported; ' +
      'neither are empty values, numbers, booleans, paths and placeholders (`changeme`, `<token>`), nor names that ' +
      'point at a secret (`…_FILE`, `…_PATH`, `…_URL`). ' +
      SECRET_GRADE_EXPLANATION +
      ' The model is not shown `build.args`, so those keep the rule\'s severity.',
    why:
      'A compose file is committed and shared: the secret is now in the repository history of everyone who cloned ' +
      'it, and in the container configuration (`docker inspect`, logs of orchestration tools). `build.args` also end ' +
      'up in the image history.',
    fix:
      'Rotate the credential, then read it from outside the file — `POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}` with an ' +
      'untracked `.env`, or better compose secrets, which are mounted as files:\n\n```yaml\nservices:\n  db:\n    ' +
      'environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets: [db_password]\nsecrets:\n  ' +
      'db_password:\n    file: ./db_password.txt\n```',
  },
  fixtures: [
    {
      text: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: s3cr3t-Pa55word\n',
      expect: ['POSTGRES_PASSWORD'],
    },
    {
      text: 'services:\n  app:\n    image: app:1\n    environment:\n      - API_TOKEN=9f8e7d6c5b4a39281726\n      - "AWS_KEY=AKIAIOSFODNN7ABCDEFG"\n      - DATABASE_URL=postgres://app:hunter2x@db/app\n',
      expect: ['API_TOKEN', '"AWS_KEY', 'DATABASE_URL'],
      note: 'list form; formats under any name',
    },
    {
      text: 'services:\n  app:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: npm_abcdefghijklmnopqrstuvwxyz0123456789\n',
      expect: ['NPM_TOKEN'],
      note: 'build args end up in the image history',
    },
    {
      text:
        'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n' +
        '      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n      API_KEY: changeme\n      SECRET_KEY:\n      DATABASE_URL: postgres://app:${DB_PASS}@db/app\n' +
        '      TOKEN_TTL: 3600\n      AUTH_METHOD: trust\n  app:\n    image: app:1\n    environment: [GITHUB_TOKEN, "REDIS_PASSWORD=", "JWT_SECRET=$JWT_SECRET"]\n',
      expect: [],
      note: 'interpolation, *_FILE, booleans, placeholders, empty values, bare names',
    },
    {
      text:
        'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: "pa$$w0rd-Tr0ub4dor"\n      REDIS_PASSWORD: local-dev-only-1\n' +
        '      API_KEY: 9f8e7d6c5b4a39281726\n      GITHUB_TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n  app:\n    image: app:1\n    environment:\n      - SESSION_SECRET=Zq8vR2mL9kP4rT7w\n',
      expect: [
        { at: 'POSTGRES_PASSWORD', severity: 'error' }, { at: 'REDIS_PASSWORD', severity: 'hint' }, { at: 'API_KEY', severity: 'warning' },
        { at: 'GITHUB_TOKEN', severity: 'warning' }, { at: 'SESSION_SECRET', severity: 'error' },
      ],
      predictions: {
        secrets: fixtureSecretScores('compose-env', [
          ['POSTGRES_PASSWORD', 'pa$$w0rd-Tr0ub4dor', 0.95], ['REDIS_PASSWORD', 'local-dev-only-1', 0.08],
          ['GITHUB_TOKEN', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 0.01], ['SESSION_SECRET', 'Zq8vR2mL9kP4rT7w', 0.88],
        ]),
      },
      note: 'the secret model grades values reported for their name (real: error, placeholder: hint, not seen: unchanged; `$$` as written); a known format is certain',
    },
    {
      text: 'x-env: &env\n  environment:\n    DB_PASSWORD: Tr0ub4dor-and-3\nservices:\n  a:\n    <<: *env\n    image: a:1\n  b:\n    <<: *env\n    image: b:1\n',
      expect: ['DB_PASSWORD'],
      note: 'shared x- block: reported once',
    },
  ],
  check({ model, report, predictions }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      const environment = ownField(model, service, 'environment');
      const build = ownField(model, service, 'build');
      const args = build ? mapField(model, asMap(build.value), 'args') : undefined;
      const lists: [string, KeyValueEntry[]][] = [
        ['environment', environment ? keyValueEntries(model, environment.value) : []],
        ['build arg', args ? keyValueEntries(model, args.value) : []],
      ];
      for (const [where, entries] of lists) {
        for (const entry of entries) {
          if (entry.value === undefined || hasInterpolation(entry.value)) continue;
          const literal = unescapeDollars(entry.value);
          const format = knownSecretFormats(literal)[0];
          const word = format ? undefined : secretWordOf(entry.key);
          if (!format && (!word || isHarmlessValue(literal))) continue;
          const shown = redact(format ? format.value : literal);
          const what = format ? `${/^[AEIOU]/i.test(format.detector) ? 'an' : 'a'} ${format.detector}` : `a literal secret (name contains "${word}")`;
          const advice = where === 'build arg' ? 'build args are stored in the image history; use a build secret' : 'use compose secrets or ${' + entry.key + '} from an untracked .env';
          // The model sees `environment` values only, as written (`$$` not unescaped), like core/model/candidates.ts builds them.
          const grade = !format && where === 'environment' ? gradeSecret(predictions, { value: entry.value, name: entry.key, context: 'compose-env' }) : undefined;
          groups.add(entry.span.start, service, (label) => ({
            ...entry.span,
            message: `${label} has ${what} in ${where} ${entry.key} (${shown}): it is committed with the file and visible in docker inspect; rotate it and ${advice}.${grade ? ` ${grade.sentence}` : ''}`,
            severity: grade?.severity,
          }));
        }
      }
    }
    groups.flush(report);
  },
};
