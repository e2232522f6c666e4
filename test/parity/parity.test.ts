/**
 * Invariant 3: the editor and the CLI give identical findings for the same text and config.
 * Every rule fixture (and every file under examples/) is laid out on disk with the config and
 * .dockerignore it needs; the bundled CLI scans the tree once, the bundled language server
 * (dist/server.js over stdio) publishes diagnostics for each file opened, and the findings the
 * diagnostics stand for (`findingOf`: their message and range, `data`'s rule, severity, evidence and fixes) must equal
 * the CLI's JSON findings. The same tree is also analysed
 * in process with the compiled core, which catches bundling differences (WASM loading etc.).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { allRules } from '../../server/src/core/rules';
import { analyzeDocument } from '../../server/src/core/engine';
import { defaultConfig, parseConfigText, type DrydockConfig } from '../../server/src/core/config';
import { detectYamlKind, isDockerfileName, isYamlOrJsonName } from '../../server/src/core/documents/detect';
import { formatKubernetesVersion } from '../../server/src/core/config';
import type { Finding } from '../../server/src/core/findings';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { findingOf } from '../../server/src/lsp/diagnostics';
import { loadShellParser } from '../../server/src/shellParserLoader';
import { projectFactsFor } from '../../server/src/projectFacts';
import { todayIso } from '../../server/src/clock';
import { makeTree, removeTree, runCli, assertCliBuilt, REPO_ROOT } from '../cli/cliHarness';
import { defaultFileName } from '../helpers/fixtures';

const SERVER_PATH = join(REPO_ROOT, 'dist', 'server.js');
const EXAMPLES = join(REPO_ROOT, 'examples');

interface Corpus {
  root: string;
  /** cwd-relative paths (forward slashes) of every Dockerfile in the tree. */
  files: string[];
}

/** One folder per fixture; the root config turns every rule on so each fixture meets every rule. */
function buildCorpus(): Corpus {
  const tree: Record<string, string> = { '.drydock.yaml': 'profiles: [strict]\n' };
  allRules.forEach((rule, r) => {
    rule.fixtures.forEach((fixture, f) => {
      const folder = `fixtures/${String(r).padStart(3, '0')}-${rule.id.replace(/[^a-z0-9]+/g, '-')}-${f}`;
      const name = (fixture.fileName ?? defaultFileName(rule)).replace(/^.*[\\/]/, '');
      const fileName = rule.kind === 'dockerfile' ? (isDockerfileName(name) ? name : 'Dockerfile') : name;
      tree[`${folder}/${fileName}`] = fixture.text;
      if (fixture.config) {
        const config = {
          profiles: ['strict', ...(fixture.config.profiles ?? [])],
          ...(fixture.config.trustedRegistries ? { trustedRegistries: fixture.config.trustedRegistries } : {}),
          ...(fixture.config.kubernetesVersion ? { kubernetesVersion: formatKubernetesVersion(fixture.config.kubernetesVersion) } : {}),
          ...(fixture.config.options ? { rules: { [rule.id]: { options: fixture.config.options } } } : {}),
        };
        tree[`${folder}/.drydock.yaml`] = `${JSON.stringify(config)}\n`; // JSON is YAML
      }
      if (fixture.project?.kustomizePatch) tree[`${folder}/kustomization.yaml`] = `patches:\n  - path: ${fileName}\n`;
      if (fixture.project?.hasDockerignore) tree[`${folder}/.dockerignore`] = `${(fixture.project.dockerignorePatterns ?? []).join('\n')}\n`;
    });
  });
  const root = makeTree(tree);
  if (existsSync(EXAMPLES)) cpSync(EXAMPLES, join(root, 'examples'), { recursive: true });
  return { root, files: listAnalysedFiles(root, root).sort() };
}

/** Dockerfiles, and YAML/JSON files that hold manifests or compose services (what the CLI's walk analyses). */
function listAnalysedFiles(root: string, folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git') out.push(...listAnalysedFiles(root, full));
    else if (entry.isFile() && (isDockerfileName(entry.name) || (isYamlOrJsonName(entry.name) && detectYamlKind(entry.name, readFileSync(full, 'utf8'))))) {
      out.push(relative(root, full).split(sep).join('/'));
    }
  }
  return out;
}

function languageIdOf(file: string): string {
  if (isDockerfileName(file)) return 'dockerfile';
  return /\.json$/i.test(file) ? 'json' : 'yaml';
}

/** Findings without `file` (each shell names files its own way), grouped by file. */
function byFile(findings: readonly Finding[], fileOf: (f: Finding) => string): Map<string, Omit<Finding, 'file'>[]> {
  const map = new Map<string, Omit<Finding, 'file'>[]>();
  for (const finding of findings) {
    const { file: _file, ...rest } = finding;
    const key = fileOf(finding);
    map.set(key, [...(map.get(key) ?? []), rest]);
  }
  return map;
}

function nearestConfig(root: string, file: string): DrydockConfig {
  for (let dir = dirname(join(root, file)); ; dir = dirname(dir)) {
    const candidate = join(dir, '.drydock.yaml');
    if (existsSync(candidate) && statSync(candidate).isFile()) return parseConfigText(readFileSync(candidate, 'utf8')).config;
    if (dir === root || dirname(dir) === dir) return defaultConfig();
  }
}

function assertSameFindings(actual: Map<string, unknown[]>, expected: Map<string, unknown[]>, files: string[], label: string): void {
  const mismatches: string[] = [];
  for (const file of files) {
    try {
      assert.deepStrictEqual(actual.get(file) ?? [], expected.get(file) ?? []);
    } catch {
      mismatches.push(`${file}\n  ${label}: ${JSON.stringify(actual.get(file) ?? [])}\n  CLI: ${JSON.stringify(expected.get(file) ?? [])}`);
    }
  }
  assert.equal(mismatches.length, 0, `${mismatches.length} of ${files.length} files differ:\n${mismatches.slice(0, 5).join('\n')}`);
}

let corpus: Corpus;
let cliFindings: Map<string, Omit<Finding, 'file'>[]>;

before(async () => {
  assertCliBuilt();
  corpus = buildCorpus();
  // Rules only on both sides: the model's own parity is checked by test/model (same worker in both shells).
  const run = await runCli(['scan', '.', '--format', 'json', '--fail-on', 'none', '--no-model'], corpus.root);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { findings: Finding[]; errors: { file: string; message: string }[] };
  cliFindings = byFile(report.findings, (f) => f.file);
});
after(() => removeTree(corpus.root));

describe('CLI / core parity', () => {
  it('the bundled CLI reports what the compiled core reports in process for every fixture and example', async () => {
    const shellParser = await loadShellParser();
    const inProcess: Finding[] = [];
    for (const file of corpus.files) {
      const absolute = join(corpus.root, file);
      const result = analyzeDocument({ fileName: file, text: readFileSync(absolute, 'utf8') }, nearestConfig(corpus.root, file), {
        shellParser,
        project: projectFactsFor(absolute),
        today: todayIso(),
      });
      inProcess.push(...result.findings);
    }
    assert.ok(corpus.files.length >= allRules.length * 2, `${corpus.files.length} files`);
    assert.ok([...cliFindings.values()].flat().length > 0, 'the corpus produces findings');
    assertSameFindings(byFile(inProcess, (f) => f.file), cliFindings, corpus.files, 'in-process');
  });
});

interface LspClient {
  connection: MessageConnection;
  process: ChildProcess;
  stderr: string[];
}

function startServer(root: string): LspClient {
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  // Plain-client answers (defaults and .drydock.yaml apply, registrations accepted) apart from the model switch (rules only, as the CLI above runs with --no-model).
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({ model: { enabled: false } })));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/workspaceFolders', () => [{ uri: pathToFileURL(root).href, name: 'parity' }]);
  connection.onNotification(() => undefined);
  connection.listen();
  return { connection, process: child, stderr };
}

describe('CLI / language server parity', () => {
  it('diagnostics published by dist/server.js carry exactly the CLI findings', { timeout: 120_000 }, async (t) => {
    if (!existsSync(SERVER_PATH)) {
      t.skip('dist/server.js is not built');
      return;
    }
    const client = startServer(corpus.root);
    try {
      const uriToFile = new Map(corpus.files.map((file) => [pathToFileURL(join(corpus.root, file)).href, file]));
      const published = new Map<string, Finding[]>();
      let lastPublish = Date.now();
      client.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
        const file = uriToFile.get(params.uri);
        if (!file) return;
        // The finding as the editor's code actions see it: the diagnostic's message and range, `data`'s rule, severity,
        // evidence and fixes, the rule's equivalents and compliance.
        published.set(file, params.diagnostics.flatMap((d) => findingOf(d)?.finding ?? []));
        lastPublish = Date.now();
      });
      const rootUri = pathToFileURL(corpus.root).href;
      await client.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'parity' }],
        capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: false } } },
      });
      await client.connection.sendNotification('initialized', {});
      for (const [uri, file] of uriToFile) {
        await client.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: languageIdOf(file), version: 1, text: readFileSync(join(corpus.root, file), 'utf8') },
        });
      }
      // Every opened file must be published; then wait until the server has been quiet a while.
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline && (published.size < uriToFile.size || Date.now() - lastPublish < 750)) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const missing = corpus.files.filter((f) => !published.has(f));
      assert.deepEqual(missing.slice(0, 5), [], `${missing.length} files got no diagnostics; server stderr: ${client.stderr.join('').slice(0, 2000)}`);
      const serverFindings = new Map([...published].map(([file, findings]) => [file, [...byFile(findings, () => file).values()].flat()]));
      assertSameFindings(serverFindings, cliFindings, corpus.files, 'server');
    } finally {
      await Promise.race([
        (async () => {
          await client.connection.sendRequest('shutdown').catch(() => undefined);
          await client.connection.sendNotification('exit').catch(() => undefined);
        })(),
        new Promise((r) => setTimeout(r, 3000)),
      ]);
      client.connection.dispose();
      if (client.process.exitCode === null) client.process.kill();
    }
  });
});
