/**
 * Coexistence with Docker DX and Red Hat YAML: what the editor leaves to them (rules with a
 * BuildKit equivalent in Dockerfiles on disk; the YAML syntax note), what it never leaves (other
 * rules, untitled Dockerfiles, anything when the user's switch is off), over the real server too.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { allRules } from '../../server/src/core/rules';
import { analyzeDocument } from '../../server/src/core/engine';
import { buildkitCheckOf, coexistenceNote, NO_PEERS, normalisePeers, splitForPeers, type Peers } from '../../server/src/lsp/coexistence';
import { TestServer, codes, untitledUri } from './harness';
import { makeTree, removeTree } from '../cli/cliHarness';

const TIMEOUT = { timeout: 60_000 };
const ON = { dockerDx: true, redHatYaml: true };
const DX: Peers = { ...NO_PEERS, dockerDx: true, dockerDxCompose: true };
const YAML: Peers = { ...NO_PEERS, redHatYaml: true };
/** BuildKit reports SecretsUsedInArgOrEnv, MaintainerDeprecated and WorkdirRelativePath here; Drydock alone reports latest-tag and root-user. */
const DOCKERFILE = 'FROM ubuntu:latest\nMAINTAINER someone@example.com\nENV API_PASSWORD=hunter2\nWORKDIR app\nUSER root\n';
const BROKEN_YAML = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:latest\n';

function analysis(fileName: string, text: string) {
  return analyzeDocument({ fileName, text }, undefined, { project: {} });
}

describe('coexistence policy', () => {
  const dockerfile = analysis('/ws/Dockerfile', DOCKERFILE);

  it('knows the BuildKit check of every rule that names one, and only those', () => {
    const withBuildkit = allRules.filter((r) => r.equivalents.some((e) => e.startsWith('buildkit:')));
    assert.ok(withBuildkit.length >= 15);
    for (const rule of allRules) {
      const check = buildkitCheckOf(rule.id);
      assert.equal(check !== undefined, withBuildkit.includes(rule), rule.id);
      if (check) assert.match(coexistenceNote(rule.id)!, new RegExp(`BuildKit check \`${check}\``));
      else assert.equal(coexistenceNote(rule.id), undefined);
    }
    assert.equal(buildkitCheckOf('dockerfile/secret-in-arg-or-env'), 'SecretsUsedInArgOrEnv');
  });

  it('leaves rules with a BuildKit equivalent to Docker DX in Dockerfiles on disk, and keeps the rest', () => {
    const split = splitForPeers({ uri: 'file:///ws/Dockerfile', languageId: 'dockerfile' }, dockerfile.findings, dockerfile.errors, DX, ON);
    const left = split.leftToPeers.map((f) => f.rule).sort();
    assert.ok(left.includes('dockerfile/secret-in-arg-or-env'), left.join());
    assert.ok(left.includes('dockerfile/maintainer-deprecated') || left.some((r) => /maintainer/.test(r)), left.join());
    assert.ok(split.leftToPeers.every((f) => buildkitCheckOf(f.rule)));
    assert.ok(split.shown.every((f) => !buildkitCheckOf(f.rule)));
    assert.ok(split.shown.some((f) => f.rule === 'dockerfile/latest-tag'), 'no BuildKit equivalent: still ours');
    assert.equal(split.shown.length + split.leftToPeers.length, dockerfile.findings.length, 'nothing lost');
  });

  it('keeps everything where Docker DX does not report: untitled files, the switch off, Docker DX absent', () => {
    const cases: [string, Parameters<typeof splitForPeers>[0], Peers, typeof ON][] = [
      ['untitled', { uri: 'untitled:Untitled-1', languageId: 'dockerfile' }, DX, ON],
      ['switch off', { uri: 'file:///ws/Dockerfile', languageId: 'dockerfile' }, DX, { ...ON, dockerDx: false }],
      ['not installed', { uri: 'file:///ws/Dockerfile', languageId: 'dockerfile' }, NO_PEERS, ON],
      ['only Red Hat YAML', { uri: 'file:///ws/Dockerfile', languageId: 'dockerfile' }, YAML, ON],
    ];
    for (const [name, document, peers, settings] of cases) {
      assert.equal(splitForPeers(document, dockerfile.findings, [], peers, settings).leftToPeers.length, 0, name);
    }
  });

  it('drops the YAML syntax note where Red Hat YAML or Docker DX (compose) marks the error itself, and nothing else', () => {
    const broken = analysis('/ws/pod.yaml', BROKEN_YAML);
    assert.ok(broken.errors.some((e) => /YAML syntax error/.test(e.message)));
    const withYaml = splitForPeers({ uri: 'file:///ws/pod.yaml', languageId: 'yaml' }, broken.findings, broken.errors, YAML, ON);
    assert.ok(!withYaml.errors.some((e) => /YAML syntax error/.test(e.message)));
    assert.equal(withYaml.shown.length, broken.findings.length, 'findings stay: Red Hat YAML has no security rules');
    assert.equal(splitForPeers({ uri: 'file:///ws/pod.yaml' }, broken.findings, broken.errors, YAML, { ...ON, redHatYaml: false }).errors.length, broken.errors.length);
    assert.equal(splitForPeers({ uri: 'file:///ws/pod.json', languageId: 'json' }, broken.findings, broken.errors, YAML, ON).errors.length, broken.errors.length, 'not a YAML file');
    const compose = splitForPeers({ uri: 'file:///ws/compose.yaml' }, [], broken.errors, { ...NO_PEERS, dockerDxCompose: true }, ON);
    assert.equal(compose.errors.length, broken.errors.length - 1, "Docker DX's compose server reports compose syntax errors");
  });

  it('reads what the client sent defensively', () => {
    assert.deepEqual(normalisePeers(undefined), NO_PEERS);
    assert.deepEqual(normalisePeers({ dockerDx: 'yes', redHatYaml: true }), { ...NO_PEERS, redHatYaml: true });
  });
});

describe('coexistence over a real connection', TIMEOUT, () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = realpathSync(makeTree({ 'Dockerfile': DOCKERFILE }));
    server = await TestServer.start({ workspaceFolders: [pathToFileURL(root).toString()], initializationOptions: { peers: { dockerDx: true, dockerDxCompose: true, redHatYaml: true } } });
  });
  after(async () => {
    await server.stop();
    removeTree(root);
  });

  it('publishes no BuildKit-equivalent finding for a Dockerfile on disk while Docker DX is there, and says why in hovers and docs', async () => {
    const uri = pathToFileURL(`${root}/Dockerfile`).toString();
    const diagnostics = await server.open(uri, DOCKERFILE);
    assert.ok(codes(diagnostics).includes('dockerfile/latest-tag'));
    assert.ok(!codes(diagnostics).includes('dockerfile/secret-in-arg-or-env'));
    assert.ok(codes(diagnostics).every((c) => !buildkitCheckOf(c)));
    const fixAll = await server.connection.sendRequest<{ edit?: { documentChanges?: { edits: { newText: string }[] }[] } }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.drydock'] },
    });
    const newText = fixAll.flatMap((a) => a.edit?.documentChanges?.flatMap((c) => c.edits.map((e) => e.newText)) ?? []).join('');
    assert.doesNotMatch(newText, /--mount=type=secret|LABEL org\.opencontainers\.image\.authors/, 'fix-all leaves the neighbour’s findings alone');

    const docs = await server.connection.sendRequest<{ markdown: string }>('drydock/ruleDocumentation', { rule: 'dockerfile/secret-in-arg-or-env' });
    assert.match(docs.markdown, /Docker DX[\s\S]*SecretsUsedInArgOrEnv[\s\S]*drydock\.coexistence\.dockerDx/);

    const untitled = untitledUri();
    const inUntitled = await server.open(untitled, DOCKERFILE);
    assert.ok(codes(inUntitled).includes('dockerfile/secret-in-arg-or-env'), 'Docker DX does not lint unsaved files: ours stays');
    const secret = inUntitled.find((d) => d.code === 'dockerfile/secret-in-arg-or-env')!;
    const hover = await server.hover(untitled, secret.range.start);
    assert.match((hover!.contents as { value: string }).value, /\*\*With Docker DX\*\*/);
  });

  it('shows both again when the neighbour goes away or the user turns coexistence off', async () => {
    const uri = pathToFileURL(`${root}/Dockerfile`).toString();
    let mark = server.published.length;
    await server.connection.sendNotification('drydock/peers', { dockerDx: false, dockerDxCompose: false, redHatYaml: false });
    let next = await server.waitForDiagnostics(uri, (p) => codes(p.diagnostics).includes('dockerfile/secret-in-arg-or-env'), mark);
    assert.ok(next);
    const status = await server.connection.sendRequest<{ peers: Peers }>('drydock/status');
    assert.equal(status.peers.dockerDx, false);

    mark = server.published.length;
    await server.connection.sendNotification('drydock/peers', { dockerDx: true, dockerDxCompose: true, redHatYaml: true });
    next = await server.waitForDiagnostics(uri, (p) => !codes(p.diagnostics).includes('dockerfile/secret-in-arg-or-env'), mark);
    assert.ok(next);

    mark = server.published.length;
    server.settings = { coexistence: { dockerDx: false } };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    next = await server.waitForDiagnostics(uri, (p) => codes(p.diagnostics).includes('dockerfile/secret-in-arg-or-env'), mark);
    assert.ok(next);
    server.settings = {};
  });

  it('counts what it left to Docker DX in the security report', async () => {
    server.settings = {};
    const uri = pathToFileURL(`${root}/Dockerfile`).toString();
    const mark = server.published.length;
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await server.waitForDiagnostics(uri, (p) => !codes(p.diagnostics).includes('dockerfile/secret-in-arg-or-env'), mark);
    const { report } = await server.connection.sendRequest<{ report: { leftToPeers: number; byRule: { rule: string }[]; total: number } }>('drydock/securityReport', {});
    assert.ok(report.leftToPeers >= 2, String(report.leftToPeers));
    const published = server.published.filter((p) => p.uri === uri).at(-1)!.diagnostics.length;
    assert.ok(report.total >= published + report.leftToPeers - 1, 'the report counts the findings left to Docker DX');
  });
});
