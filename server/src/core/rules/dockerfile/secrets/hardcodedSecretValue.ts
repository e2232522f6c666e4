import type { DockerfileRule } from '../../../rule';
import type { DockerfileModel, Span } from '../../../documents/dockerfile';
import { assignments } from '../helpers';
import { isPlaceholder, redact, secretWordOf } from '../../../secrets/secretNames';
import { DETECTORS, hintsIn, looksRandom } from '../../../secrets/secretValues';

interface Hit {
  span: Span;
  value: string;
  detector: string;
}

function knownFormats(model: DockerfileModel): Hit[] {
  const hits: Hit[] = [];
  // One pass per detector over the whole text, then keep matches that sit inside an instruction:
  // scanning instruction by instruction cost a regex start-up per instruction and detector.
  const instructions = model.instructions;
  const insideInstruction = (offset: number): boolean => {
    let low = 0;
    let high = instructions.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (instructions[mid].end <= offset) low = mid + 1;
      else if (instructions[mid].start > offset) high = mid - 1;
      else return true;
    }
    return false;
  };
  const hints = hintsIn(model.text);
  for (const d of DETECTORS) {
    if (!d.hints.some((h) => hints.has(h))) continue;
    d.pattern.lastIndex = 0;
    for (const m of model.text.matchAll(d.pattern)) {
      if (!insideInstruction(m.index!)) continue;
      const value = d.group ? m[d.group] : m[0];
      if (value.startsWith('$') || isPlaceholder(value) || /EXAMPLE/.test(m[0])) continue;
      const start = m.index! + (d.group ? m[0].indexOf(value, m[0].indexOf('://') + 3) : 0);
      hits.push({ span: { start, end: start + value.length }, value, detector: d.name });
    }
  }
  return hits;
}

/** Secret-named variables with random-looking literal values: ENV/ARG, shell assignments, heredoc `.env` lines. */
function secretAssignments(model: DockerfileModel): Hit[] {
  const hits: Hit[] = [];
  const consider = (name: string, value: string | null | undefined, start: number | undefined) => {
    if (value == null || start === undefined || !secretWordOf(name)) return;
    const clean = value.replace(/^(["'])(.*)\1$/, '$2');
    if (!looksRandom(clean)) return;
    const offset = value.indexOf(clean);
    hits.push({ span: { start: start + offset, end: start + offset + clean.length }, value: clean, detector: `high-entropy value of ${name}` });
  };
  for (const a of assignments(model)) consider(a.name, a.value, a.valueSpan?.start);
  for (const instruction of model.instructionsWithTriggers) {
    for (const v of instruction.shell?.variableAssignments ?? []) {
      const source = model.text.slice(v.start, v.end);
      const eq = source.indexOf('=');
      if (eq > 0) consider(v.name, source.slice(eq + 1), v.start + eq + 1);
    }
    for (const c of instruction.shell?.commands ?? []) {
      for (const w of c.assignments) {
        const source = model.text.slice(w.start, w.end);
        const eq = source.indexOf('=');
        if (eq > 0) consider(source.slice(0, eq), source.slice(eq + 1), w.start + eq + 1);
      }
    }
    if (instruction.keyword === 'RUN') continue;
    for (const h of instruction.heredocs) {
      for (const m of h.content.matchAll(/^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*(\S+)[ \t]*$/gm)) {
        consider(m[1], m[2], h.contentStart + m.index! + m[0].indexOf(m[2], m[0].indexOf(m[1]) + m[1].length));
      }
    }
  }
  return hits;
}

/** A credential written into the Dockerfile itself is leaked twice: in the repository and in the image. */
export const hardcodedSecretValue: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/hardcoded-secret-value',
  title: 'Hard-coded secret value',
  severity: 'error',
  category: 'secrets',
  equivalents: [],
  compliance: ['CIS-Docker-4.10', 'CWE-798'],
  fixable: false,
  explanation: {
    what:
      'The Dockerfile contains what looks like a real credential: a known token format (AWS `AKIA…`, GitHub `ghp_…`/' +
      '`github_pat_…`, GitLab `glpat-…`, Slack `xox…`, Stripe `sk_live_…`, Google `AIza…`, npm `npm_…`, JWTs, PEM private ' +
      'keys, `https://user:password@host`), or a random-looking value assigned to a secret-named variable, anywhere in ' +
      'ENV/ARG/RUN/LABEL or heredocs. Findings show only the first four characters.',
    why:
      'The value is in your version control history and in every image built from the file (`docker history`, ' +
      '`docker inspect`, the layer tarballs). Removing the line later does not un-leak it.',
    fix:
      '1. Revoke and rotate the credential now.\n2. Pass it at build time without storing it:\n\n' +
      '```dockerfile\n# docker build --secret id=gh_token,env=GH_TOKEN .\nRUN --mount=type=secret,id=gh_token,env=GH_TOKEN \\\n    git clone https://x-access-token:${GH_TOKEN}@github.com/acme/private.git\n```\n\n' +
      '3. Give runtime secrets to the container at start (orchestrator secrets, mounted files).',
  },
  fixtures: [
    { text: 'FROM debian:12\nENV GITHUB_TOKEN=ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8' + '\n', expect: ['ghp_'] },
    { text: 'FROM debian:12\nRUN git clone https://deploy:s3cr3tPassw0rd@git.example.com/app.git\n', expect: ['s3cr3tPassw0rd'] },
    { text: 'FROM debian:12\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nENV URL=https://user:${PASS}@host/x\n', expect: [], note: 'documentation example key; variable password' },
    { text: 'FROM debian:12\nARG DB_PASSWORD=Xk9#mQ2$pL7vR4nT\n', expect: [], note: 'contains $, so unknown to the linter (and probably broken)' },
    { text: 'FROM debian:12\nENV JWT_SECRET=Xk9mQ2pL7vR4nT8wZ3\n', expect: ['Xk9mQ2pL7vR4nT8wZ3'] },
    { text: 'FROM debian:12\nENV APP_TOKEN_TTL=3600 SECRET_NAME=prod/db\n', expect: [] },
    { text: 'FROM ruby:3.3\nRUN SECRET_KEY_BASE=dummy_for_precompile bundle exec rake assets:precompile\nENV API_KEY=local-development-key\n', expect: [], note: 'words, not generated secrets' },
    { text: 'FROM debian:12\nRUN <<EOF\nexport API_TOKEN=Zm9vYmFyYmF6cXV4MTIzNDU2\ncurl -H "Authorization: $API_TOKEN" https://api.example.com\nEOF\n', expect: ['Zm9vYmFyYmF6cXV4MTIzNDU2'], note: 'heredoc RUN' },
    { text: 'FROM debian:12\nCOPY <<EOF /root/.ssh/id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\nEOF\n', expect: ['-----BEGIN'] },
    { text: 'FROM debian:12\nCOPY <<EOF /app/.env\nDB_PASSWORD=Qw8eRt5yUi2oP9aS\nLOG_LEVEL=debug\nEOF\n', expect: ['Qw8eRt5yUi2oP9aS'], note: 'heredoc file' },
    { text: 'FROM debian:12\nLABEL description="uses ghp_ tokens" version=1.0\n', expect: [] },
  ],
  check({ model, report }) {
    const hits = [...knownFormats(model), ...secretAssignments(model)].sort((a, b) => a.span.start - b.span.start);
    let lastEnd = -1;
    for (const hit of hits) {
      if (hit.span.start < lastEnd) continue;
      lastEnd = hit.span.end;
      report({
        start: hit.span.start,
        end: hit.span.end,
        message: `Hard-coded secret (${hit.detector}: ${redact(hit.value)}) is stored in the repository and the image; revoke it, then pass it with RUN --mount=type=secret or at run time.`,
        evidence: `${redact(hit.value)} (${hit.detector})`,
      });
    }
  },
};
