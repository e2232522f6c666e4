/**
 * The language server's analysis queue (lsp/validator.ts) through the real server: a burst of changes on several
 * documents publishes once per document, for its final version; an analysis whose document changes while it runs is
 * abandoned, never published; a small document's diagnostics are not held back by a long analysis of a large one;
 * the idle-time warm-up publishes nothing. Slow rules come from the test-only DRYDOCK_TEST_FAULTS hook. The assertions
 * are about what is published and in which order, never about time.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TestServer, untitledUri } from './harness';
import { allRules } from '../../server/src/core/rules';
import { generateManifest } from '../bench/manifestGenerator';

const DOCKERFILE = 'FROM ubuntu:latest\nUSER root\nRUN sudo apt-get install -y curl\n';
const SETTINGS = { model: { enabled: false } };

/** Servers of the running test, stopped after it. */
const running: TestServer[] = [];
async function serverWith(options: Parameters<typeof TestServer.start>[0]): Promise<TestServer> {
  const server = await TestServer.start(options);
  running.push(server);
  return server;
}

/** Waits until no open document is debouncing, queued or being analysed (the server's own count). */
async function settled(server: TestServer): Promise<void> {
  for (;;) {
    const status = await server.connection.sendRequest<{ pending: number }>('drydock/status');
    if (status.pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves when the server says an analysis is under way. */
function analysing(server: TestServer): Promise<void> {
  return new Promise((resolve) => {
    const listener = server.connection.onNotification('drydock/statusChanged', (status: { state?: string }) => {
      if (status.state !== 'analysing') return;
      listener.dispose();
      resolve();
    });
  });
}

/** Sends didOpen without waiting for its diagnostics. */
function openNoWait(server: TestServer, uri: string, text: string, languageId: string): void {
  void server.open(uri, text, languageId);
}

const publishesOf = (server: TestServer, uri: string, since: number): PublishDiagnosticsParams[] => server.published.slice(since).filter((p) => p.uri === uri);

/** `count` rule ids of `kind` spread over the rule order (first, middle, last, …). */
function rulesOfKind(kind: string, count: number): string[] {
  const ids = allRules.filter((r) => r.kind === kind && r.enabledByDefault !== false).map((r) => r.id);
  return Array.from({ length: count }, (_, i) => ids[Math.floor((i * (ids.length - 1)) / Math.max(1, count - 1))]);
}

describe('analysis queue of the language server', { timeout: 120_000 }, () => {
  afterEach(async () => {
    for (const server of running.splice(0)) await server.stop();
  });

  it('a burst of changes on several documents publishes exactly once per document, for its final version', async () => {
    // The debounce outlasts the burst, which is sent without waiting.
    const server = await serverWith({ settings: { ...SETTINGS, diagnostics: { delay: 1000 } } });
      const docs = [
        { uri: untitledUri('Dockerfile'), text: DOCKERFILE, languageId: 'dockerfile' },
        { uri: untitledUri('Dockerfile'), text: `${DOCKERFILE}COPY . /app\n`, languageId: 'dockerfile' },
        { uri: untitledUri('Dockerfile'), text: `${DOCKERFILE}ARG TOKEN=abc\n`, languageId: 'dockerfile' },
        { uri: untitledUri('manifest.yaml'), text: generateManifest(1500, 3), languageId: 'yaml' },
      ];
      for (const d of docs) await server.open(d.uri, d.text, d.languageId);
      const mark = server.published.length;
      const finalVersion = new Map<string, number>();
      for (let k = 0; k < 5; k++) {
        for (const d of docs) {
          d.text = `${d.text}# edit ${k}\n`;
          finalVersion.set(d.uri, await server.changeNoWait(d.uri, d.text));
        }
      }
      await Promise.all(docs.map((d) => server.waitForDiagnostics(d.uri, (p) => p.version === finalVersion.get(d.uri), mark)));
      await settled(server);
      for (const d of docs) {
        const versions = publishesOf(server, d.uri, mark).map((p) => p.version);
        assert.deepEqual(versions, [finalVersion.get(d.uri)], `${d.uri}: one publish, for the final version`);
      }
  });

  it('a small document analysed ahead of its debounce is published only once the delay has passed', async () => {
    const server = await serverWith({ settings: { ...SETTINGS, diagnostics: { delay: 1500 } } });
    const uri = untitledUri('Dockerfile');
    await server.open(uri, DOCKERFILE, 'dockerfile');
    const mark = server.published.length;
    const version = await server.changeNoWait(uri, `${DOCKERFILE}ARG TOKEN=abc\n`);
    // The analysis starts at once and takes milliseconds; its result waits for the delay.
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.deepEqual(publishesOf(server, uri, mark), [], 'nothing published before the delay has passed');
    const published = await server.waitForDiagnostics(uri, (p) => p.version === version, mark);
    assert.ok(published.diagnostics.some((d) => d.code === 'dockerfile/arg-secret' || String(d.code).includes('secret')), JSON.stringify(published.diagnostics.map((d) => d.code)));
    assert.deepEqual(publishesOf(server, uri, mark).map((p) => p.version), [version]);
  });

  it('an analysis whose document changes while it runs is abandoned, never published', async () => {
    // Five slow rules: the change, sent once the server says it is analysing, reaches it slices before the end even
    // when this process is slow to answer on a busy machine.
    const slow = rulesOfKind('dockerfile', 5).map((id) => `slow:${id}:300`).join(',');
    const server = await serverWith({ settings: SETTINGS, env: { DRYDOCK_TEST_FAULTS: slow } });
      const uri = untitledUri('Dockerfile');
      const mark = server.published.length;
      const started = analysing(server);
      openNoWait(server, uri, DOCKERFILE, 'dockerfile');
      await started;
      const version = await server.changeNoWait(uri, `${DOCKERFILE}# edited\n`);
      const published = await server.waitForDiagnostics(uri, (p) => p.version === version, mark);
      await settled(server);
      assert.deepEqual(publishesOf(server, uri, mark).map((p) => p.version), [version], 'only the edited version is published');
      assert.ok(published.diagnostics.some((d) => d.code === 'dockerfile/root-user'), 'with its findings');
  });

  it("a small document's diagnostics are not held back by a long analysis of a large one", async () => {
    const slow = rulesOfKind('kubernetes', 3).map((id) => `slow:${id}:400`).join(',');
    const server = await serverWith({ settings: SETTINGS, env: { DRYDOCK_TEST_FAULTS: slow } });
      const manifest = untitledUri('manifest.yaml');
      const dockerfile = untitledUri('Dockerfile');
      const mark = server.published.length;
      const started = analysing(server);
      openNoWait(server, manifest, generateManifest(3000, 5), 'yaml');
      await started;
      openNoWait(server, dockerfile, DOCKERFILE, 'dockerfile');
      await Promise.all([server.waitForDiagnostics(manifest, (p) => p.version === 1, mark), server.waitForDiagnostics(dockerfile, (p) => p.version === 1, mark)]);
      const order = server.published.slice(mark).map((p) => p.uri);
      assert.ok(order.indexOf(dockerfile) < order.indexOf(manifest), 'the Dockerfile opened during the manifest analysis is published first');
      const manifestDiagnostics = publishesOf(server, manifest, mark)[0].diagnostics;
      assert.ok(manifestDiagnostics.length > 0, 'and the manifest analysis, pre-empted, still completes');
  });

  it('a change that puts back the text last analysed republishes that analysis for the new version; settings changed meanwhile make it analyse again', async () => {
    const server = await serverWith({ settings: SETTINGS });
    const uri = untitledUri();
    const first = await server.open(uri, DOCKERFILE);
    assert.ok(first.some((d) => d.code === 'dockerfile/latest-tag'));
    const statusOf = () => server.connection.sendRequest<{ lastAnalysisAt: string | null }>('drydock/status');
    const analysedAt = (await statusOf()).lastAnalysisAt;

    // A keystroke and its undo within the debounce: the text analysed last, at version 3.
    let mark = server.published.length;
    await server.changeNoWait(uri, `${DOCKERFILE}x`);
    const version = await server.changeNoWait(uri, DOCKERFILE);
    const again = await server.waitForDiagnostics(uri, (p) => p.version === version, mark);
    const withoutVersion = (diagnostics: typeof first) => JSON.stringify(diagnostics.map((d) => ({ ...d, data: { ...(d.data as object), version: undefined } })));
    assert.equal(withoutVersion(again.diagnostics), withoutVersion(first));
    assert.ok(again.diagnostics.every((d) => (d.data as { version: number }).version === version), 'fixes are for the new version');
    assert.equal((await statusOf()).lastAnalysisAt, analysedAt, 'not analysed again');

    // The same undo right after a settings change: analysed again, with the new settings.
    mark = server.published.length;
    server.settings = { ...SETTINGS, rules: { 'dockerfile/latest-tag': 'off' } };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await server.changeNoWait(uri, `${DOCKERFILE}x`);
    const last = await server.changeNoWait(uri, DOCKERFILE);
    const fresh = await server.waitForDiagnostics(uri, (p) => p.version === last, mark);
    assert.ok(!fresh.diagnostics.some((d) => d.code === 'dockerfile/latest-tag'), JSON.stringify(fresh.diagnostics.map((d) => d.code)));
    assert.ok(fresh.diagnostics.some((d) => d.code === 'dockerfile/root-user' || d.code === 'dockerfile/sudo'));
  });

  it('warms up in idle time without publishing or logging anything, and a document opened meanwhile gets its diagnostics', async () => {
    const server = await serverWith({ settings: SETTINGS });
    const uri = untitledUri('Dockerfile');
    const diagnostics = await server.open(uri, DOCKERFILE, 'dockerfile');
    assert.ok(diagnostics.some((d) => d.code === 'dockerfile/latest-tag'), JSON.stringify(diagnostics.map((d) => d.code)));
    for (;;) {
      const status = await server.connection.sendRequest<{ warmUp: string }>('drydock/status');
      if (status.warmUp === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual([...new Set(server.published.map((p) => p.uri))], [uri], 'only the opened document was published');
    assert.deepEqual(server.logs.filter((line) => /warm-up|failed|error/i.test(line)), [], 'nothing logged about the samples');
  });

  // Without a rehearsal the wait for it never ends: the test's own timeout fails it.
  it('rehearses typing into a document opened after the warm-up, in idle time, without publishing or logging anything', { timeout: 60_000 }, async () => {
    const server = await serverWith({ settings: SETTINGS });
    // Nothing is open while the samples warm up, so the one rehearsal that follows is the opened document's.
    const warmUp = async () => (await server.connection.sendRequest<{ warmUp: string }>('drydock/status')).warmUp;
    while ((await warmUp()) !== 'done') await new Promise((resolve) => setTimeout(resolve, 50));
    const states: string[] = [];
    server.connection.onNotification('drydock/statusChanged', (status: { warmUp: string }) => {
      states.push(status.warmUp);
    });
    const mark = server.published.length;
    const uri = untitledUri('api/Dockerfile');
    const opened = await server.open(uri, `${DOCKERFILE}EXPOSE 22\n`, 'dockerfile');
    while (!states.includes('running') || (await warmUp()) !== 'done') await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(
      server.published.slice(mark).map((p) => [p.uri, p.version]),
      [[uri, 1]],
      'the opened document published once, for its version; nothing of the rehearsal',
    );
    assert.deepEqual(server.logs.filter((line) => /warm-up|rehears|failed|error/i.test(line)), [], 'nothing logged about the rehearsal');
    // The document's own analysis is untouched: a keystroke is analysed and published as before.
    const version = await server.changeNoWait(uri, `${DOCKERFILE}EXPOSE 22 80\n`);
    const changed = await server.waitForDiagnostics(uri, (p) => p.version === version, mark);
    assert.deepEqual(
      changed.diagnostics.map((d) => d.code).sort(),
      [...opened.map((d) => d.code)].sort(),
      'the same rules find the same problems after the keystroke',
    );
  });
});
