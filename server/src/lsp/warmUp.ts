/**
 * Warming the analysis up in idle time. V8 compiles a function to optimised code only after it has run many times, so
 * the first analyses of a session are several times slower than the later ones: a 300-line Dockerfile took about 70 ms
 * cold, 30 ms after ten analyses and 9 ms after a hundred (measured on the load test's files). Until then a burst of
 * edits right after opening misses its debounce by hundreds of milliseconds.
 *
 * The server therefore analyses built-in samples while it has nothing else to do, the way typing does: one line
 * changes between analyses, so the per-instruction caches hit as they do for a real keystroke and the code that runs
 * is the code a keystroke runs. The samples' findings go nowhere: nothing is published, no image is scanned, the model
 * is not asked. The work is bounded (WARM_UP_ANALYSES per sample
 * kind, WARM_UP_BUDGET_MS of running time in all) and the validator runs it a slice at a time, only while no analysis
 * is queued or running. After the samples, the same idle turns rehearse typing into each newly opened document
 * (`rehearsalSteps`): what the user has open is what they will type into.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';

/** Where the samples claim to come from: untitled documents of a folder no one opens. */
export const WARM_UP_URIS = {
  dockerfile: 'untitled:drydock-warm-up/Dockerfile',
  manifest: 'untitled:drydock-warm-up/deployment.yaml',
  compose: 'untitled:drydock-warm-up/compose.yaml',
} as const;

export interface WarmUpSample {
  uri: string;
  text: string;
  languageId: string;
}

/**
 * Keystrokes rehearsed on each open document small enough to be analysed ahead of its debounce (see `rehearsalSteps`),
 * and the running time one rehearsal may take in all.
 */
export const REHEARSED_KEYSTROKES = 5;
export const REHEARSAL_BUDGET_MS = 1000;

/** Analyses of each sample kind; the analysis time of a 300-line Dockerfile has levelled off after about this many. */
export const WARM_UP_ANALYSES = { dockerfile: 80, yaml: 16 } as const;
/** Running time the warm-up may take in all (a slow machine stops earlier, less warm). */
export const WARM_UP_BUDGET_MS = 2500;

const DOCKERFILE_LINES = [
  'RUN apt-get update && apt-get install -y curl ca-certificates git && rm -rf /var/lib/apt/lists/*',
  'RUN apk add --no-cache bash=5.2.15-r0 python3',
  'COPY package*.json ./',
  'COPY --from=build /app/dist /srv/app',
  'ADD https://example.com/tool.tar.gz /tmp/',
  'RUN npm ci --omit=dev && npm cache clean --force',
  'RUN curl -fsSL https://example.com/install.sh | sh',
  'RUN wget -qO- https://example.com/setup | bash -',
  'ENV APP_PORT=8080 NODE_ENV=production',
  'ENV API_TOKEN=s3cr3t-value',
  'ARG VERSION=1.2.3',
  'LABEL org.opencontainers.image.source="https://example.com/repo"',
  'COPY . .',
  'RUN chmod 777 /app/bin/* && chown -R node:node /app',
  'RUN sudo make install',
  'RUN cd /app && ./configure --prefix=/usr && make -j4',
  'RUN pip install requests flask',
  'RUN pip install --no-cache-dir -r requirements.txt',
  'WORKDIR /app',
  'USER node',
  'EXPOSE 8080 22',
  'VOLUME /data',
  'HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/ || exit 1',
  'RUN --mount=type=cache,target=/root/.cache go build -o /bin/app ./cmd/app',
  'RUN set -eux; \\\n    groupadd -r app; \\\n    useradd -r -g app app',
  'RUN <<EOF\napt-get update\napt-get install -y jq\nEOF',
  'ENTRYPOINT ["/usr/bin/tini", "--"]',
  'CMD node server.js',
];

const STAGE_BASES = ['node:20-bookworm', 'debian:12-slim', 'ubuntu:latest', 'python:3.12-alpine', 'golang:1.22'];

/** A multi-stage Dockerfile of about `lines` lines drawn from the instructions above. */
export function sampleDockerfile(lines: number): string {
  const out = ['# syntax=docker/dockerfile:1', 'ARG BASE=node:20-bookworm'];
  let stage = 0;
  for (let i = 0; out.length < lines; i++) {
    if (i % 40 === 0) out.push(`FROM ${STAGE_BASES[stage % STAGE_BASES.length]} AS stage${stage++}`);
    out.push(DOCKERFILE_LINES[(i * 7) % DOCKERFILE_LINES.length]);
  }
  return `${out.join('\n')}\n`;
}

/** Kubernetes objects (Deployments, Services, a ConfigMap, RBAC) of about `lines` lines. */
export function sampleManifest(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: svc-${i}`,
      '  labels: {app: web}',
      'spec:',
      '  replicas: 2',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      `      hostNetwork: ${i % 5 === 0}`,
      '      containers:',
      `      - name: app-${i}`,
      `        image: registry.example.com/app:${i % 3 === 0 ? 'latest' : `1.${i}`}`,
      '        ports: [{containerPort: 8080, name: http}]',
      '        env:',
      '        - name: DB_PASSWORD',
      '          value: "hunter2-secret"',
      '        securityContext:',
      `          privileged: ${i % 4 === 0}`,
      '          allowPrivilegeEscalation: false',
      '        resources:',
      '          limits: {cpu: 500m, memory: 256Mi}',
      '        volumeMounts: [{name: sock, mountPath: /var/run/docker.sock}]',
      '      volumes: [{name: sock, hostPath: {path: /var/run/docker.sock}}]',
      '---',
      'apiVersion: v1',
      'kind: Service',
      `metadata: {name: svc-${i}}`,
      'spec:',
      `  type: ${i % 2 === 0 ? 'NodePort' : 'ClusterIP'}`,
      '  ports: [{port: 80, targetPort: http}]',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role',
      `metadata: {name: reader-${i}}`,
      'rules: [{apiGroups: [""], resources: [secrets], verbs: [get, list]}]',
    );
  }
  return `${out.join('\n')}\n`;
}

const SAMPLE_COMPOSE = [
  'services:',
  '  web:',
  '    image: nginx:latest',
  '    privileged: true',
  '    ports: ["80:80"]',
  '    environment: [API_TOKEN=abc123secret]',
  '    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]',
  '  db:',
  '    image: postgres',
  '    network_mode: host',
  '',
].join('\n');

/** Analysed once, at once, when the server starts. */
export const FIRST_USE_SAMPLES: readonly WarmUpSample[] = [
  {
    uri: WARM_UP_URIS.dockerfile,
    text: 'FROM ubuntu:latest\nARG TOKEN=abc\nRUN apt-get update && apt-get install -y curl \\\n    && curl -fsSL https://example.com/x.sh | sh\nCOPY . /app\nUSER root\nCMD node app.js\n',
    languageId: 'dockerfile',
  },
  {
    uri: WARM_UP_URIS.manifest,
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: warm-up}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:latest\n        securityContext: {privileged: true}\n',
    languageId: 'yaml',
  },
  { uri: WARM_UP_URIS.compose, text: SAMPLE_COMPOSE, languageId: 'yaml' },
];

/**
 * A keystroke: one character appended to line `n` (modulo the line count) of `document`, applied the way the server's
 * TextDocuments applies an incremental didChange. The text it leaves is what the analysis of a typed document reads,
 * and the first update of any document changes V8's layout of the shared document class (its fields become mutable):
 * left to the user's first keystroke, that threw away the optimised code of every function reading a document — the
 * Dockerfile parse among them (`--trace-deopt`: "code dependencies" in the first burst of edits).
 */
function keystroke(document: TextDocument, n: number): string {
  const line = n % Math.max(1, document.lineCount - 1);
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const end = { line, character: text.replace(/\r?\n$/, '').length };
  TextDocument.update(document, [{ range: { start: end, end }, text: ' ' }], document.version + 1);
  return document.getText();
}

const typedDocument = (sample: WarmUpSample) => TextDocument.create(sample.uri, sample.languageId, 1, sample.text);

/** One in this many warm-up analyses of the Dockerfile is first started and abandoned, as a newer keystroke does. */
const ABANDON_EVERY = 4;

/**
 * Runs `steps` for a few steps (more or fewer with `n`, so each pause of an analysis gets its turn) and abandons it
 * the way the queue drops a stale analysis. A warm-up that only ran analyses to the end left their abandoning to the
 * user's first burst of edits: the generators' return paths had no type feedback, so their optimised code was thrown
 * away there and compiled again (`--trace-opt --trace-deopt`: the analysis, its parse and its rule loop among the
 * first burst's deoptimisations).
 */
function* abandonedAfter(steps: Generator<void, unknown, void>, n: number): Generator<void, void, void> {
  const pauses = 1 + (n % 7) * 3;
  for (let i = 0; i < pauses; i++) {
    if (steps.next().done) return;
    yield;
  }
  steps.return(undefined);
}

/**
 * The warm-up's analyses one step at a time: Dockerfiles and YAML files interleaved, each a keystroke away from the
 * one before. `analyse` is the editor's own analysis of a document (the validator's): the objects the warm-up feeds
 * the rules must have the shapes real documents' have — with a hand-made configuration or project, V8 optimised the
 * rules for the samples' object layouts and threw the code away at the first real document ("wrong map"). The caller
 * decides when each step runs and stops them when the budget is spent.
 */
export function* warmUpSteps(analyse: (sample: WarmUpSample) => Generator<void, unknown, void>): Generator<void, void, void> {
  const dockerfile = typedDocument({ uri: WARM_UP_URIS.dockerfile, text: sampleDockerfile(300), languageId: 'dockerfile' });
  const manifest = typedDocument({ uri: WARM_UP_URIS.manifest, text: sampleManifest(600), languageId: 'yaml' });
  const compose = typedDocument({ uri: WARM_UP_URIS.compose, text: SAMPLE_COMPOSE, languageId: 'yaml' });
  const perYaml = Math.ceil(WARM_UP_ANALYSES.dockerfile / WARM_UP_ANALYSES.yaml);
  for (let n = 0; n < WARM_UP_ANALYSES.dockerfile; n++) {
    const typed: WarmUpSample = { uri: WARM_UP_URIS.dockerfile, text: keystroke(dockerfile, n * 13), languageId: 'dockerfile' };
    if (n % ABANDON_EVERY === 1) yield* abandonedAfter(analyse(typed), n);
    yield* analyse(typed);
    yield;
    if (n % perYaml === 0) {
      const edited: WarmUpSample = { uri: WARM_UP_URIS.manifest, text: keystroke(manifest, n * 31), languageId: 'yaml' };
      if (n % (perYaml * 2) === 0) yield* abandonedAfter(analyse(edited), n);
      yield* analyse(edited);
      yield;
      yield* analyse({ uri: WARM_UP_URIS.compose, text: keystroke(compose, n), languageId: 'yaml' });
      yield;
    }
  }
}

/**
 * Where the `n`th document of a rehearsal, `uri`, claims to come from: a folder of the warm-up's, under the document's
 * own file name (which, with its language, decides how it is analysed). Its caches and its parse's instruction lines
 * are never the open document's own.
 */
export function rehearsalUri(uri: string, n: number): string {
  return `untitled:drydock-warm-up/rehearsal-${n}/${uri.slice(uri.lastIndexOf('/') + 1)}`;
}

/**
 * A rehearsal of typing into the open `documents` (their texts as they are, under `rehearsalUri`s): each analysed
 * REHEARSED_KEYSTROKES times, a keystroke apart at lines spread over it, the documents interleaved as a burst of edits
 * interleaves them. The samples warm the analysis up in general; the user's own documents still brought on a first
 * burst of optimising compiles — dockerfile-ast's constructors of the instructions they hold, the stage and package
 * helpers crossing V8's tier-up threshold with their mix of instructions (`--trace-opt`) — which the rehearsal moves to
 * idle time. Nothing it analyses is published.
 */
export function* rehearsalSteps(documents: readonly WarmUpSample[], analyse: (sample: WarmUpSample) => Generator<void, unknown, void>): Generator<void, void, void> {
  const typed = documents.map(typedDocument);
  for (let k = 0; k < REHEARSED_KEYSTROKES; k++) {
    for (const document of typed) {
      const line = Math.floor(((k + 1) * document.lineCount) / (REHEARSED_KEYSTROKES + 1));
      yield* analyse({ uri: document.uri, text: keystroke(document, line), languageId: document.languageId });
      yield;
    }
  }
}
