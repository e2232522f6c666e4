/**
 * Protocol tests against the real bundled server (dist/server.js over stdio, and once over IPC): diagnostics,
 * hover, quick fixes, fix-all, ignore comments, config files, settings, debouncing, bad input.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { allRules, ruleById } from '../../server/src/core/rules';
import { parseDockerfile } from '../../server/src/core/documents/dockerfile';
import type { Rule, RuleFixture } from '../../server/src/core/rule';
import { findingOf } from '../../server/src/lsp/diagnostics';
import { TestServer, applyEdits, codes, editsFor, untitledUri } from './harness';

const LATEST = 'dockerfile/latest-tag';
const TIMEOUT = { timeout: 60_000 };

function fixAction(actions: CodeAction[]): CodeAction | undefined {
  const fixes = actions.filter((a) => a.edit && !a.command && !a.title.startsWith('Fix all') && !a.title.startsWith('Ignore'));
  return fixes.find((a) => a.isPreferred) ?? fixes[0];
}

/** Fixable rules with a self-contained positive fixture that has a `fixed` text. */
function fixableCases(): { rule: Rule; fixture: RuleFixture }[] {
  const cases: { rule: Rule; fixture: RuleFixture }[] = [];
  for (const rule of allRules) {
    // Dockerfile rules only: these cases open the text as a Dockerfile (manifests have their own suite).
    if (rule.kind !== 'dockerfile' || !rule.fixable || rule.enabledByDefault === false) continue;
    for (const fixture of rule.fixtures) {
      // Fixtures that need registry facts or a fixed date cannot be reproduced by a plain server.
      if (fixture.fixed === undefined || fixture.expect.length !== 1 || fixture.config || fixture.project || fixture.fileName || fixture.images || fixture.today || fixture.advisories || fixture.predictions) continue;
      cases.push({ rule, fixture });
    }
  }
  return cases;
}

describe('language server over stdio', TIMEOUT, () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start();
  });
  after(async () => {
    await server.stop();
  });

  it('publishes diagnostics with rule codes, docs links and the finding as data on open', async () => {
    const uri = untitledUri();
    const diagnostics = await server.open(uri, 'FROM ubuntu:latest\nRUN echo hi\n');
    assert.ok(codes(diagnostics).includes(LATEST), `expected ${LATEST} in ${codes(diagnostics).join(', ')}`);
    const latest = diagnostics.find((d) => d.code === LATEST)!;
    assert.equal(latest.source, 'drydock');
    assert.equal(latest.severity, 2, 'warning');
    assert.match(latest.codeDescription!.href, /\/docs\/rules\.md#dockerfile-latest-tag$/);
    assert.deepEqual(latest.range.start, { line: 0, character: 5 });
    const data = latest.data as { finding: object; version: number };
    assert.deepEqual(data.finding, {}, "the rule and severity are the diagnostic's own; this finding has no evidence or fixes");
    assert.equal(data.version, 1);
    assert.equal(findingOf(latest)?.finding.rule, LATEST);
    assert.equal(findingOf(latest)?.finding.severity, 'warning');
  });

  it('hover explains the finding and names the peers that report it too', async () => {
    const uri = untitledUri();
    await server.open(uri, 'FROM ubuntu:latest\n');
    const hover = await server.hover(uri, { line: 0, character: 9 });
    assert.ok(hover, 'hover expected');
    const value = (hover.contents as { kind: string; value: string }).value;
    const rule = ruleById(LATEST)!;
    assert.match(value, /\*\*Why it matters\*\*/);
    assert.match(value, /\*\*How to fix\*\*/);
    assert.ok(value.includes(rule.explanation.why.slice(0, 40)), 'explanation text');
    assert.match(value, /Also reported by hadolint DL3007/);
    assert.match(value, /Trivy DS-0001/);
    assert.match(value, /CIS Docker Benchmark 4\.2/);
    assert.equal(await server.hover(uri, { line: 5, character: 0 }), null);
  });

  it('a quick fix from the diagnostic data removes the finding and the file still parses', async (t) => {
    const cases = fixableCases();
    if (cases.length === 0) return t.skip('no fixable rule with a self-contained fixture is registered yet');
    let checked = 0;
    for (const { rule, fixture } of cases.slice(0, 6)) {
      const uri = untitledUri();
      const diagnostics = await server.open(uri, fixture.text);
      const target = diagnostics.filter((d) => d.code === rule.id);
      if (target.length !== 1) continue;
      const actions = await server.codeActions(uri, target);
      const action = fixAction(actions);
      assert.ok(action, `${rule.id}: a fix action is offered`);
      assert.equal(action.kind, 'quickfix');
      const fixed = applyEdits(fixture.text, editsFor(action.edit, uri));
      const after = await server.change(uri, fixed);
      assert.ok(!codes(after).includes(rule.id), `${rule.id} still fires after its fix:\n${fixed}`);
      assert.ok(!codes(after).includes('drydock/analysis'), 'no analysis problem after the fix');
      assert.ok(parseDockerfile(fixed).instructions.length >= parseDockerfile(fixture.text).instructions.length - 1, 'still parses');
      checked++;
    }
    assert.ok(checked > 0, 'at least one fixable rule was exercised');
  });

  it('source.fixAll.drydock applies every non-overlapping fix', async (t) => {
    const cases = fixableCases();
    if (cases.length === 0) return t.skip('no fixable rule registered yet');
    const { rule, fixture } = cases[0];
    const uri = untitledUri();
    const before = await server.open(uri, fixture.text);
    const fixableBefore = before.filter((d) => ((d.data as { finding?: { fixes?: unknown[] } })?.finding?.fixes?.length ?? 0) > 0);
    assert.ok(fixableBefore.length > 0);
    const actions = await server.codeActions(uri, [], ['source.fixAll.drydock']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.drydock');
    const fixed = applyEdits(fixture.text, editsFor(actions[0].edit, uri));
    const after = await server.change(uri, fixed);
    assert.ok(!codes(after).includes(rule.id), `${rule.id} gone after fix-all`);
    // Not offered unless asked for (the light bulb does not list source actions).
    const unasked = await server.codeActions(uri, []);
    assert.ok(!unasked.some((a) => a.kind === 'source.fixAll.drydock'));
  });

  it('"Ignore for this line" inserts a reasoned comment above the instruction and the finding goes away', async () => {
    const uri = untitledUri();
    const text = '# syntax=docker/dockerfile:1\nFROM ubuntu:latest\nUSER app\n';
    const diagnostics = await server.open(uri, text);
    const latest = diagnostics.filter((d) => d.code === LATEST);
    const actions = await server.codeActions(uri, latest);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes(`Ignore ${LATEST} for this line`), titles.join(' | '));
    assert.ok(titles.includes(`Ignore ${LATEST} in this file`));
    const docs = actions.find((a) => a.title === `Show documentation for ${LATEST}`)!;
    assert.deepEqual(docs.command!.arguments, [LATEST]);
    const ignore = actions.find((a) => a.title === `Ignore ${LATEST} for this line`)!;
    const edited = applyEdits(text, editsFor(ignore.edit, uri));
    assert.equal(edited, `# syntax=docker/dockerfile:1\n# drydock-ignore ${LATEST} -- \nFROM ubuntu:latest\nUSER app\n`);
    assert.equal(ignore.command!.command, 'drydock.placeCursor');
    const cursor = ignore.command!.arguments![0] as { line: number; character: number };
    assert.equal(edited.split('\n')[cursor.line].slice(0, cursor.character), `# drydock-ignore ${LATEST} -- `);
    const after = await server.change(uri, edited.replace('-- \n', '-- upstream only publishes latest\n'));
    assert.ok(!codes(after).includes(LATEST));
  });

  it('"Ignore in this file" goes below the parser directives and silences the rule everywhere', async () => {
    const uri = untitledUri();
    const text = '# escape=`\nFROM ubuntu:latest\nFROM alpine:latest\n';
    const diagnostics = await server.open(uri, text);
    assert.equal(diagnostics.filter((d) => d.code === LATEST).length, 2);
    const actions = await server.codeActions(uri, diagnostics.filter((d) => d.code === LATEST).slice(0, 1));
    const ignore = actions.find((a) => a.title === `Ignore ${LATEST} in this file`)!;
    const edited = applyEdits(text, editsFor(ignore.edit, uri));
    assert.equal(edited, `# escape=\`\n# drydock-ignore-file ${LATEST} -- \nFROM ubuntu:latest\nFROM alpine:latest\n`);
    const after = await server.change(uri, edited);
    assert.ok(!codes(after).includes(LATEST));
  });

  it('only the last of five rapid edits is analysed and published', async () => {
    const uri = untitledUri();
    await server.open(uri, 'FROM alpine:3.20\n');
    const mark = server.published.length;
    let last = 0;
    for (let i = 0; i < 5; i++) last = await server.changeNoWait(uri, `FROM alpine:3.20\nRUN echo ${i}\n${i === 4 ? 'FROM ubuntu:latest\n' : ''}`);
    const final = await server.waitForDiagnostics(uri, (p) => p.version === last, mark);
    assert.ok(codes(final.diagnostics).includes(LATEST));
    const forThisDoc = server.published.slice(mark).filter((p) => p.uri === uri);
    assert.deepEqual(
      forThisDoc.map((p) => p.version),
      [last],
      'no diagnostics for superseded versions',
    );
  });

  it('answers drydock/status and drydock/ruleDocumentation', async () => {
    const status = await server.connection.sendRequest<{ ruleCount: number; state: string; lastAnalysisAt: string | null; lastAnalysisMs: number | null }>(
      'drydock/status',
    );
    assert.equal(status.ruleCount, allRules.length);
    assert.ok(['ready', 'analysing'].includes(status.state), status.state);
    assert.ok(status.lastAnalysisAt && !Number.isNaN(Date.parse(status.lastAnalysisAt)));
    assert.equal(typeof status.lastAnalysisMs, 'number');
    const docs = await server.connection.sendRequest<{ markdown: string } | null>('drydock/ruleDocumentation', { rule: LATEST });
    assert.ok(docs && docs.markdown.includes('## Why it matters'));
    assert.equal(await server.connection.sendRequest('drydock/ruleDocumentation', { rule: 'dockerfile/nope' }), null);
  });

  it('survives hostile input and still answers a hover afterwards', async () => {
    const inputs: [string, string][] = [
      ['binary', 'FROM ubuntu:latest\n\u0000\u0001\u0002\u00ff'.repeat(10)],
      ['10 MB', 'FROM ubuntu:latest\n' + 'RUN echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'.repeat(10 * 1024 * 1024 / 64)],
      ['unterminated heredoc', 'FROM ubuntu:latest\nRUN <<EOF\napt-get install -y curl\n'],
      ['CRLF', 'FROM ubuntu:latest\r\nRUN apt-get update && \\\r\n    apt-get install -y curl\r\nUSER app\r\n'],
      ['BOM', '\uFEFFFROM ubuntu:latest\nUSER app\n'],
      ['escape directive', '# escape=`\nFROM ubuntu:latest\nRUN apt-get install -y `\n    curl\n'],
      ['garbage', '\\\\\n"[[[\nRUN [\n'.repeat(50)],
      ['empty', ''],
    ];
    for (const [name, text] of inputs) {
      const uri = untitledUri(name.replace(/\W/g, '-'));
      const diagnostics = await server.open(uri, text);
      if (name === 'binary' || name === '10 MB') {
        const problem = diagnostics.filter((d) => d.code === 'drydock/analysis');
        assert.equal(problem.length, 1, `${name}: one analysis-problem diagnostic`);
        assert.equal(problem[0].severity, 3, 'information');
        assert.deepEqual(problem[0].range.start, { line: 0, character: 0 });
        assert.equal(diagnostics.length, 1, `${name}: no findings`);
      }
      if (['CRLF', 'BOM', 'escape directive', 'unterminated heredoc'].includes(name)) {
        assert.ok(codes(diagnostics).includes(LATEST), `${name}: still analysed (${codes(diagnostics).join(', ')})`);
      }
    }
    assert.equal(server.exited, false);
    const uri = untitledUri();
    await server.open(uri, 'FROM ubuntu:latest\n');
    const hover = await server.hover(uri, { line: 0, character: 6 });
    assert.ok(hover && JSON.stringify(hover.contents).includes('Why it matters'));
    assert.equal(server.shownMessages.length, 0, 'no popups');
  });
});

describe('configuration', TIMEOUT, () => {
  let dir: string;
  before(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'drydock-lsp-')));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a .drydock.yaml in the workspace turns a rule off, and a watched change turns it back on', async () => {
    writeFileSync(join(dir, '.drydock.yaml'), `rules:\n  ${LATEST}: off\n`);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'svc', 'api'), { recursive: true });
    const dockerfile = join(dir, 'svc', 'api', 'Dockerfile');
    const text = 'FROM ubuntu:latest\nUSER app\n';
    writeFileSync(dockerfile, text);
    const folder = pathToFileURL(dir).toString();
    const server = await TestServer.start({ workspaceFolders: [folder] });
    try {
      const uri = pathToFileURL(dockerfile).toString();
      const diagnostics = await server.open(uri, text);
      assert.ok(!codes(diagnostics).includes(LATEST), `turned off by .drydock.yaml: ${codes(diagnostics).join(', ')}`);
      assert.ok(
        server.registrations.some((r) => JSON.stringify(r).includes('.drydock.yaml')),
        'the server asks the client to watch config files',
      );
      writeFileSync(join(dir, '.drydock.yaml'), `rules:\n  ${LATEST}: error\n`);
      const mark = server.published.length;
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, '.drydock.yaml')).toString(), type: 2 }] });
      const republished = await server.waitForDiagnostics(uri, (p) => codes(p.diagnostics).includes(LATEST), mark);
      assert.equal(republished.diagnostics.find((d: Diagnostic) => d.code === LATEST)!.severity, 1, 'severity from the file');
    } finally {
      await server.stop();
    }
  });

  it('tells rules whether a .dockerignore sits beside the Dockerfile, and re-lints when one appears', async (t) => {
    // Data-driven: a rule whose fixtures fire without a .dockerignore and stay quiet with one.
    const rule = allRules.find(
      (r) =>
        r.enabledByDefault !== false &&
        r.fixtures.some((f) => f.project?.hasDockerignore === false && f.expect.length > 0) &&
        r.fixtures.some((f) => f.project?.hasDockerignore === true && f.expect.length === 0 && !f.project.dockerignorePatterns),
    );
    if (!rule) return t.skip('no rule depends on hasDockerignore yet');
    const text = rule.fixtures.find((f) => f.project?.hasDockerignore === false && f.expect.length > 0)!.text;
    const { mkdirSync } = await import('node:fs');
    const project = join(dir, 'facts');
    mkdirSync(project, { recursive: true });
    const dockerfile = join(project, 'Dockerfile');
    writeFileSync(dockerfile, text);
    const server = await TestServer.start({ workspaceFolders: [pathToFileURL(dir).toString()] });
    try {
      const uri = pathToFileURL(dockerfile).toString();
      assert.ok(codes(await server.open(uri, text)).includes(rule.id), `${rule.id} fires without a .dockerignore`);
      writeFileSync(join(project, '.dockerignore'), 'node_modules\n');
      const mark = server.published.length;
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(project, '.dockerignore')).toString(), type: 1 }] });
      const after = await server.waitForDiagnostics(uri, () => true, mark);
      assert.ok(!codes(after.diagnostics).includes(rule.id), `${rule.id} quiet once .dockerignore exists`);
      // Untitled documents: facts unknown, so the rule must not guess.
      const untitled = untitledUri();
      assert.ok(!codes(await server.open(untitled, text)).includes(rule.id), 'unknown for untitled documents');
    } finally {
      await server.stop();
    }
  });

  it('editor settings override the file and can disable Drydock', async () => {
    const server = await TestServer.start({ settings: { rules: { [LATEST]: 'hint' } } });
    try {
      const uri = untitledUri();
      const diagnostics = await server.open(uri, 'FROM ubuntu:latest\n');
      assert.equal(diagnostics.find((d) => d.code === LATEST)?.severity, 4, 'hint from settings');
      server.settings = { enable: false };
      const mark = server.published.length;
      await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const cleared = await server.waitForDiagnostics(uri, () => true, mark);
      assert.deepEqual(cleared.diagnostics, []);
    } finally {
      await server.stop();
    }
  });

  it('in an untrusted workspace network settings are ignored and the user is told once', async () => {
    const server = await TestServer.start({ settings: { network: { enabled: true } }, initializationOptions: { isTrusted: false } });
    try {
      await server.open(untitledUri(), 'FROM ubuntu:latest\n');
      await server.open(untitledUri(), 'FROM alpine:latest\n');
      const status = await server.connection.sendRequest<{ restricted: boolean }>('drydock/status');
      assert.equal(status.restricted, true);
      assert.equal(server.shownMessages.filter((m) => m.includes('restricted mode')).length, 1);
    } finally {
      await server.stop();
    }
  });
});

describe('language server over IPC, the transport the extension starts it with', TIMEOUT, () => {
  it('publishes, hovers, offers fixes and follows edits', async () => {
    const server = await TestServer.start({ transport: 'ipc' });
    try {
      const uri = untitledUri();
      const diagnostics = await server.open(uri, 'FROM ubuntu:latest\nRUN apt-get install curl\n');
      const latest = diagnostics.find((d) => d.code === LATEST);
      assert.ok(latest, `expected ${LATEST} in ${codes(diagnostics).join(', ')}`);
      const hover = await server.hover(uri, latest.range.start);
      assert.match(JSON.stringify(hover?.contents), /latest/i);
      const fixable = diagnostics.find((d) => findingOf(d)?.finding.fixes?.length);
      assert.ok(fixable, 'a finding with a fix');
      const fix = fixAction(await server.codeActions(uri, [fixable]));
      assert.ok(fix?.edit, 'a quick fix with an edit');
      const edited = await server.change(uri, 'FROM ubuntu:24.04\nRUN apt-get install curl\n');
      assert.ok(!codes(edited).includes(LATEST), 'the edit is analysed and published');
      const status = await server.connection.sendRequest<{ pid: number }>('drydock/status');
      assert.equal(status.pid, server.process.pid);
    } finally {
      await server.stop();
    }
    assert.equal(server.exited, true, 'shutdown and exit over IPC end the server');
  });
});
