import type { DockerfileRule } from '../../../rule';
import type { DockerInstruction, Span } from '../../../documents/dockerfile';
import { effectiveCommand, type ShellWord } from '../../../documents/shell';
import { variablesInScope, instructionsWith } from '../helpers';
import { redact, secretWordOf } from '../../../secrets/secretNames';

const CREDENTIAL_URL = /^[a-z][a-z0-9+.-]*:\/\/([^\s/@]+)@/i;
const CREDENTIAL_FLAGS = new Set([
  '--password', '--pass', '--passwd', '--token', '--auth-token', '--access-token', '--api-key', '--apikey', '--secret',
  '--client-secret', '--http-password', '--proxy-password', '--ftp-password', '--registry-password', '--npm-token',
]);
const MYSQL_PROGRAMS = new Set(['mysql', 'mysqladmin', 'mysqldump', 'mariadb']);
const LOGIN_PROGRAMS = new Set(['docker', 'podman', 'buildah', 'skopeo', 'helm', 'oras', 'nerdctl', 'crane', 'regctl']);
const CREDENTIAL_FILES = /(^|\/)(\.npmrc|\.yarnrc(\.yml)?|\.pypirc|\.netrc|\.git-credentials|\.pgpass|\.docker\/config\.json|\.aws\/credentials|pip\.conf|auth\.json|settings\.xml)$/;
const NPM_AUTH_KEYS = /(_authToken|_auth|_password|npmAuthToken|npmAuthIdent)\b/i;
const SECRET_REFERENCE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

function hasSecretMount(instruction: DockerInstruction): boolean {
  return instruction.flags.some((f) => f.name.toLowerCase() === 'mount' && /(^|,)type=(secret|ssh)(,|$)/i.test(f.value ?? ''));
}

interface Hit {
  span: Span;
  message: string;
  evidence?: string;
}

const FIX_HINT = 'pass it with RUN --mount=type=secret (e.g. --mount=type=secret,id=token,env=TOKEN) so it never enters a layer or the history';

/** Literal or variable: variables are named, literals redacted. */
function shown(word: string): string {
  return word.includes('$') ? word : redact(word);
}

function hitsOf(instruction: DockerInstruction, secretVariables: (name: string) => boolean): Hit[] {
  const hits: Hit[] = [];
  for (const command of instruction.shell?.commands ?? []) {
    const effective = effectiveCommand(command);
    const program = effective.program;
    const args = effective.args;
    const words: ShellWord[] = [effective.nameWord, ...args];
    for (let i = 0; i < args.length; i++) {
      const word = args[i];
      const text = word.text;
      if (text.includes('/run/secrets/')) continue;
      // https://user:token@host, https://${TOKEN}@github.com
      const url = text.includes('@') ? CREDENTIAL_URL.exec(text) : null;
      if (url && (url[1].includes(':') || url[1].includes('$'))) {
        const userinfo = url[1];
        const password = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : userinfo;
        // Literal URL passwords are hard-coded secrets: reported by dockerfile/hardcoded-secret-value.
        if (password && password.includes('$')) {
          hits.push({ span: word, message: `${program || 'command'} gets credentials inside a URL (${shown(password)}): the expanded value is stored in the layer history; ${FIX_HINT}.`, evidence: shown(password) });
          continue;
        }
      }
      // --password=x, --token $T
      const eq = text.indexOf('=');
      // Every credential flag is a long option: other words skip the lookup.
      const flag = text.startsWith('--') ? (eq > 0 ? text.slice(0, eq) : text) : '';
      if (CREDENTIAL_FLAGS.has(flag)) {
        const value = eq > 0 ? text.slice(eq + 1) : args[i + 1]?.text;
        if (value && !value.startsWith('-') && !value.includes('/run/secrets/')) {
          hits.push({ span: word, message: `${program} ${flag} passes a credential (${shown(value)}) on the command line of a build step; ${FIX_HINT}.`, evidence: shown(value) });
          continue;
        }
      }
      // docker login -p x, sshpass -p x, mysql -pSECRET
      if ((text === '-p' && ((LOGIN_PROGRAMS.has(program) && args.some((a) => a.text === 'login')) || program === 'sshpass')) || (MYSQL_PROGRAMS.has(program) && /^-p\S+/.test(text))) {
        const value = text === '-p' ? args[i + 1]?.text : text.slice(2);
        if (value) {
          hits.push({ span: word, message: `${program} -p passes a password (${shown(value)}) on the command line of a build step; use --password-stdin with RUN --mount=type=secret.`, evidence: shown(value) });
          continue;
        }
      }
      // curl -u user:pass
      if ((text === '-u' || text === '--user') && program === 'curl' && args[i + 1]?.text.includes(':')) {
        const value = args[i + 1].text.slice(args[i + 1].text.indexOf(':') + 1);
        if (value && !value.includes('/run/secrets/')) {
          hits.push({ span: word, message: `curl ${text} passes a password (${shown(value)}) in a build step; ${FIX_HINT}.`, evidence: shown(value) });
          continue;
        }
      }
    }
    // npm config set //registry.npmjs.org/:_authToken …, yarn config set npmAuthToken …
    if (/^(npm|yarn|pnpm)$/.test(program) && args[0]?.text === 'config' && args[1]?.text === 'set' && args.slice(2).some((a) => NPM_AUTH_KEYS.test(a.text))) {
      const key = args.slice(2).find((a) => NPM_AUTH_KEYS.test(a.text))!;
      hits.push({ span: key, message: `${program} config set writes a registry token into the image's npm configuration; mount an .npmrc with RUN --mount=type=secret,id=npmrc,target=/root/.npmrc instead.`, evidence: key.text.replace(/=.*/, '') });
    }
    // echo "//registry/:_authToken=$NPM_TOKEN" > ~/.npmrc
    for (const redirect of command.redirects) {
      const target = redirect.target?.text ?? '';
      if (!/^>>?$|^>\|$/.test(redirect.operator) || !CREDENTIAL_FILES.test(target)) continue;
      if (!['echo', 'printf', 'cat', 'tee'].includes(program)) continue;
      const content = args.map((a) => a.text).join(' ');
      if (!content.includes('$') && !NPM_AUTH_KEYS.test(content) && !/password|token|login/i.test(content)) continue;
      hits.push({ span: redirect.target ?? redirect, message: `Credentials are written to ${target} in a build step, where they stay in the layer; mount the file with RUN --mount=type=secret,id=…,target=${target} instead.`, evidence: target });
    }
    // Any reference to a secret-named ARG/ENV: its value is in the history of this step.
    for (const word of words) {
      if (!word.dynamic) continue;
      for (const m of word.text.matchAll(SECRET_REFERENCE)) {
        if (!secretVariables(m[1])) continue;
        hits.push({ span: word, message: `RUN uses $${m[1]}, a secret passed as ARG/ENV: its value is recorded in the image history and build cache; ${FIX_HINT}.`, evidence: `$${m[1]}` });
        break;
      }
    }
  }
  return hits;
}

/** Credentials handed to build commands without a BuildKit secret mount. */
export const secretInRunWithoutSecretMount: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/secret-in-run-without-secret-mount',
  title: 'Credential used in RUN without a secret mount',
  severity: 'warning',
  category: 'secrets',
  equivalents: [],
  compliance: ['CIS-Docker-4.10', 'CWE-798', 'CWE-522'],
  fixable: false,
  explanation: {
    what:
      'A `RUN` without `--mount=type=secret` (or `type=ssh`) hands a credential to a command: a token in a URL ' +
      '(`https://${TOKEN}@github.com/…`, `pip install --index-url https://user:pw@…`), `npm config set //…/:_authToken`, ' +
      'credentials written to `~/.npmrc`/`.netrc`/`.pypirc`, `--password`/`--token` flags, `docker login -p`, ' +
      '`curl -u user:pw`, or a secret-named ARG/ENV expanded in the command.',
    why:
      'Build arguments and anything written to disk end up in the image: `docker history` shows the commands of every ' +
      'layer with the build args used, files written in a layer stay there even if a later step deletes them, and the ' +
      'build cache and provenance attestations keep copies too.',
    fix:
      'Mount the secret for the one step that needs it; it is never written to a layer:\n\n' +
      '```dockerfile\n# docker build --secret id=npm_token,env=NPM_TOKEN .\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\\n' +
      '    npm config set //registry.npmjs.org/:_authToken="$NPM_TOKEN" --location=project && npm ci && rm .npmrc\n' +
      '# or mount a whole file:\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n' +
      '# private git over SSH: docker build --ssh default .\nRUN --mount=type=ssh git clone git@github.com:acme/private.git\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nARG GH_TOKEN\nRUN git clone https://${GH_TOKEN}@github.com/acme/private.git\n', expect: ['https://${GH_TOKEN}'] },
    { text: 'FROM python:3.12\nARG PYPI_PASSWORD\nRUN pip install --index-url https://build:$PYPI_PASSWORD@pypi.example.com/simple app\n', expect: ['https://build:'] },
    { text: 'FROM python:3.12\nRUN pip install --index-url https://build:s3cretPw@pypi.example.com/simple app\n', expect: [], note: 'a literal password is left to hardcoded-secret-value' },
    { text: 'FROM node:22\nARG NPM_TOKEN\nRUN npm config set //registry.npmjs.org/:_authToken $NPM_TOKEN && npm ci\n', expect: ['//registry', '$NPM_TOKEN'] },
    { text: 'FROM node:22\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc && npm ci\n', expect: ['"//registry', '/root/.npmrc'] },
    { text: 'FROM docker:27\nRUN docker login -u ci -p hunter2 registry.example.com\n', expect: ['-p hunter2'] },
    { text: 'FROM alpine:3.20\nRUN --mount=type=secret,id=gh,env=GH_TOKEN git clone https://${GH_TOKEN}@github.com/acme/private.git\n', expect: [], note: 'secret mount' },
    { text: 'FROM alpine:3.20\nRUN git clone https://github.com/acme/public.git && mkdir -p /app && curl -u "$(cat /run/secrets/u)" https://x\n', expect: [], note: 'no credentials; -p of mkdir' },
    { text: 'FROM alpine:3.20\nARG APP_VERSION\nRUN echo $APP_VERSION > /version\n', expect: [] },
    { text: 'FROM alpine:3.20\nARG GITLAB_TOKEN\nRUN apk add git \\\n# clone the private lib\n  && git clone https://oauth2:${GITLAB_TOKEN}@gitlab.com/acme/lib.git\n', expect: ['https://oauth2'], note: 'comment inside the continuation' },
    { text: 'FROM alpine:3.20\nARG DEPLOY_TOKEN\nRUN ["sh", "-c", "echo $DEPLOY_TOKEN"]\n', expect: ['$DEPLOY_TOKEN'], note: 'exec form: the sh -c script is parsed as shell' },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['RUN'])) {
      if (!instruction.shell || hasSecretMount(instruction)) continue;
      let scope: ReadonlyMap<string, string | undefined> | undefined;
      const secretVariables = (name: string) => {
        scope ??= variablesInScope(model, instruction);
        return scope.has(name) && secretWordOf(name) !== undefined;
      };
      let lastEnd = -1;
      for (const hit of hitsOf(instruction, secretVariables).sort((a, b) => a.span.start - b.span.start)) {
        if (hit.span.start < lastEnd) continue;
        lastEnd = hit.span.end;
        report({ start: hit.span.start, end: hit.span.end, message: hit.message, evidence: hit.evidence });
      }
    }
  },
};
