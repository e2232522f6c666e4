import type { DockerfileRule } from '../../../rule';
import type { DockerInstruction, Span } from '../../../documents/dockerfile';
import { instructionsWith } from '../helpers';
import { trimTrailing } from '../../../text';

interface SecretFileKind {
  test: (path: string, base: string) => boolean;
  what: string;
}

const SECRET_FILES: SecretFileKind[] = [
  { test: (_p, b) => /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(b), what: 'an SSH private key' },
  { test: (p, b) => b === '.ssh' || /(^|\/)\.ssh\/?$/.test(p), what: 'an SSH directory (private keys)' },
  { test: (_p, b) => /\.(key|p12|pfx|jks|keystore|ppk)$/.test(b) || /^(.*[-_.])?(priv|private|privkey|key)([-_.].*)?\.pem$/.test(b), what: 'a private key or keystore' },
  { test: (_p, b) => /^\.env(\.(?!example$|sample$|template$|dist$|defaults?$|schema$)[\w.-]+)?$/.test(b), what: 'a .env file' },
  { test: (_p, b) => b === '.npmrc' || b === '.yarnrc.yml' || b === '.pypirc' || b === '.netrc' || b === '_netrc' || b === '.git-credentials' || b === '.pgpass' || b === '.htpasswd', what: 'a credentials file' },
  { test: (p) => /(^|\/)\.aws\/credentials$/.test(p) || /(^|\/)\.aws\/?$/.test(p), what: 'AWS credentials' },
  { test: (p) => /(^|\/)\.docker\/config\.json$/.test(p), what: 'Docker registry credentials' },
  { test: (p, b) => b === 'kubeconfig' || /(^|\/)\.kube\/config$/.test(p) || /(^|\/)\.kube\/?$/.test(p), what: 'a kubeconfig' },
  { test: (_p, b) => b === 'credentials.json' || /^(gcp|gcloud|google)?[-_]?service[-_]?account.*\.json$/.test(b) || b === 'application_default_credentials.json', what: 'cloud service-account credentials' },
  { test: (p) => /(^|\/)\.gnupg\/?$/.test(p), what: 'a GnuPG keyring' },
];

/**
 * A string each SECRET_FILES test needs somewhere in the lower-cased path (the base name is part of
 * it), so the common sources (`./services/app/`, `package.json`) are passed over with one test.
 */
const MAY_BE_SECRET_FILE = /id_|\.ssh|\.key|\.p12|\.pfx|\.jks|\.ppk|\.pem|\.env|npmrc|yarnrc|pypirc|netrc|credentials|pgpass|htpasswd|\.aws|\.docker|kube|account|\.gnupg/;

/** A tiny .dockerignore matcher: `*`, `**`, `?`, leading `/`, negation with `!`; later lines win. */
function ignoredByDockerignore(path: string, patterns: readonly string[]): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = trimTrailing((negated ? line.slice(1) : line).replace(/^\/+/, ''), '/');
    const regex = new RegExp(
      '^' +
        pattern
          .split(/(\*\*\/?|\*|\?)/)
          .map((part) => {
            if (part === '**/') return '(?:.*/)?';
            if (part === '**') return '.*';
            if (part === '*') return '[^/]*';
            if (part === '?') return '[^/]';
            return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
          })
          .join('') +
        '(?:/.*)?$',
    );
    if (regex.test(path)) ignored = !negated;
  }
  return ignored;
}

interface Source {
  value: string;
  span: Span;
}

/** Sources of a COPY/ADD (every argument but the destination), JSON form included; heredoc bodies are not files. */
function sourcesOf(instruction: DockerInstruction): Source[] {
  if (instruction.heredocs.length > 0) {
    const firstHeredoc = instruction.args.findIndex((a) => a.value.startsWith('<<'));
    return instruction.args.slice(0, Math.max(0, firstHeredoc)).map((a) => ({ value: a.value, span: a }));
  }
  const body = instruction.argsText.slice(Math.max(0, (instruction.flags.at(-1)?.end ?? instruction.argsStart) - instruction.argsStart)).trim();
  if (body.startsWith('[') && instruction.jsonSpans && instruction.jsonSpans.length >= 2) {
    try {
      const values = JSON.parse(body.replace(/\\\r?\n/g, '')) as unknown;
      if (Array.isArray(values) && values.length === instruction.jsonSpans.length) {
        return values.slice(0, -1).map((v, i) => ({ value: String(v), span: instruction.jsonSpans![i] }));
      }
    } catch {
      return [];
    }
  }
  return instruction.args.slice(0, -1).map((a) => ({ value: a.value, span: a }));
}

/** `COPY id_rsa`, `COPY .env`, `ADD .npmrc`: the file stays in a layer even if a later step deletes it. */
export const secretFileCopied: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/secret-file-copied',
  title: 'Secret file copied into the image',
  severity: 'error',
  category: 'secrets',
  equivalents: ['trivy:DS-0031'],
  compliance: ['CIS-Docker-4.10', 'CWE-538', 'CWE-522'],
  fixable: false,
  explanation: {
    what:
      '`COPY`/`ADD` copies a file that normally holds credentials: SSH private keys (`id_rsa`, `.ssh/`), private keys ' +
      '(`*.key`, `*key*.pem`, `*.p12`), `.env`, `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.aws/credentials`, ' +
      '`.docker/config.json`, kubeconfigs and service-account JSON. Certificates (`cert.pem`, `ca.pem`) and `.env.example` ' +
      'are not reported; nor are files your `.dockerignore` excludes.',
    why:
      'Every layer is part of the image: a secret copied in and deleted in a later step can still be extracted with ' +
      '`docker save`. In a build stage that is not shipped it still lands in the build cache and on the build machine.',
    fix:
      'Mount the file for the one step that needs it, and keep it out of the build context:\n\n' +
      '```dockerfile\n# docker build --secret id=npmrc,src=$HOME/.npmrc .\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n' +
      '# SSH: docker build --ssh default .\nRUN --mount=type=ssh git clone git@github.com:acme/private.git\n```\n\n' +
      'and add the file to `.dockerignore`. Rotate any secret that was already pushed in an image.',
  },
  fixtures: [
    { text: 'FROM node:22\nCOPY .npmrc package.json ./\nRUN npm ci && rm .npmrc\n', expect: ['.npmrc'] },
    { text: 'FROM debian:12\nCOPY id_rsa /root/.ssh/id_rsa\n', expect: ['id_rsa'] },
    { text: 'FROM debian:12\nADD --chown=app config/.env /app/\nCOPY ["certs/server.key", "/etc/ssl/private/"]\n', expect: ['config/.env', 'certs/server.key'] },
    { text: 'FROM debian:12\nCOPY .env.example /app/.env\nCOPY certs/ca.pem /usr/local/share/ca-certificates/ca.crt\nCOPY id_rsa.pub /keys/\n', expect: [], note: 'examples, certificates and public keys' },
    { text: 'FROM debian:12\nCOPY .env /app/\n', expect: [], project: { hasDockerignore: true, dockerignorePatterns: ['**/.env'] }, note: 'excluded by .dockerignore' },
    { text: 'FROM debian:12\nCOPY --from=build /out/.kube/config /root/.kube/config\n', expect: ['/out/.kube/config'] },
    { text: 'FROM debian:12\nCOPY <<EOF /app/.env\nLOG_LEVEL=info\nEOF\n', expect: [], note: 'heredoc: the content is checked by hardcoded-secret-value' },
  ],
  check({ model, project, report }) {
    const patterns = project.dockerignorePatterns ?? [];
    for (const instruction of instructionsWith(model, ['COPY', 'ADD'])) {
      const fromStage = instruction.flags.some((f) => f.name.toLowerCase() === 'from');
      for (const source of sourcesOf(instruction)) {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source.value) || source.value.includes('$')) continue;
        const path = source.value.replace(/^\.\//, '').replace(/\\/g, '/');
        const lowerPath = path.toLowerCase();
        if (!MAY_BE_SECRET_FILE.test(lowerPath)) continue;
        const base = trimTrailing(path, '/').split('/').pop() ?? path;
        const kind = SECRET_FILES.find((k) => k.test(lowerPath, base.toLowerCase()));
        if (!kind) continue;
        if (!fromStage && ignoredByDockerignore(path, patterns)) continue;
        const stage = instruction.stage;
        const where = stage && !stage.isFinal ? ` (build stage "${stage.name ?? stage.index}": not shipped, but kept in the build cache)` : '';
        report({
          start: source.span.start,
          end: source.span.end,
          message: `${instruction.keyword} ${source.value} puts ${kind.what} into an image layer${where}; mount it with RUN --mount=type=secret (or --mount=type=ssh) and list it in .dockerignore.`,
          evidence: source.value,
        });
      }
    }
  },
};
