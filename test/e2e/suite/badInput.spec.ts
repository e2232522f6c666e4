/// <reference types="mocha" />
/**
 * Input that must not hurt the editor: a 10 MB manifest, a binary file named Dockerfile and a Helm
 * template. Each gets a clear answer, the server keeps answering other files within seconds, and
 * the language server is the same process at the end of the whole run as at its start (the
 * extension's API reports the server's pid and how often the client saw it start).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { closeAll, codeOf, diagnosticFor, drydock, drydockDiagnostics, hoverText, open, workspaceUri } from './helpers';

/** A hover on a finding in another file must come back within this, however busy the server is. */
const RESPONSIVE_MS = 5_000;

function write(relative: string, content: string | Buffer): void {
  const path = workspaceUri(relative).fsPath;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Times a hover on the sudo finding of the plain Dockerfile: a full request round trip through the server. */
async function hoverRoundTripMs(): Promise<number> {
  const uri = workspaceUri('Dockerfile');
  // Open (not shown) so the server has its findings; the timing starts once they are there.
  await vscode.workspace.openTextDocument(uri);
  await diagnosticFor(uri, 'dockerfile/sudo');
  const started = Date.now();
  const text = await hoverText(uri, new vscode.Position(3, 5));
  const elapsed = Date.now() - started;
  assert.match(text, /dockerfile\/sudo/);
  return elapsed;
}

function bigManifest(bytes: number): string {
  const document = (i: number) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0.${i}\n          securityContext:\n            privileged: true\n`;
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const part = `${i === 0 ? '' : '---\n'}${document(i)}`;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/** Text that VS Code still opens (no NUL in its first 512 bytes), then bytes of an executable. */
function binaryDockerfile(): Buffer {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
  const head = Buffer.from('FROM scratch\n' + 'COPY app /app\n'.repeat(40));
  const body = Buffer.alloc(64 * 1024, 0);
  for (let i = 0; i < body.length; i += 3) body[i] = random();
  return Buffer.concat([head, body]);
}

describe('bad input in the editor', () => {
  let pidAtStart: number | undefined;

  before(async () => {
    const api = await drydock();
    await diagnosticFor((await open('Dockerfile')).document.uri, 'dockerfile/sudo');
    pidAtStart = (await api.serverStatus())?.pid;
    assert.ok(typeof pidAtStart === 'number' && pidAtStart > 0, 'the server reports its pid');
  });
  afterEach(closeAll);

  it('a 10 MB manifest gets one "not analysed" note, and typing in it leaves other files answering', async () => {
    write('bad/big.yaml', bigManifest(10 * 1024 * 1024));
    const editor = await open('bad/big.yaml');
    const uri = editor.document.uri;
    const note = await diagnosticFor(uri, 'drydock/analysis');
    assert.match(note.message, /file is 10\.\d MB, above the 2\.0 MB limit \(maxFileSize\); not analysed/);
    assert.equal(note.severity, vscode.DiagnosticSeverity.Information);
    assert.deepEqual(drydockDiagnostics(uri).map(codeOf), ['drydock/analysis'], 'nothing but the note');
    assert.ok((await hoverRoundTripMs()) < RESPONSIVE_MS);
    for (let i = 0; i < 5; i++) assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), `# edit ${i}\n`)));
    assert.ok((await hoverRoundTripMs()) < RESPONSIVE_MS);
    await diagnosticFor(uri, 'drydock/analysis');
  });

  it('a binary file named Dockerfile is refused with a note, not analysed', async () => {
    write('bad/binary/Dockerfile', binaryDockerfile());
    const editor = await open('bad/binary/Dockerfile');
    assert.equal(editor.document.languageId, 'dockerfile');
    const note = await diagnosticFor(editor.document.uri, 'drydock/analysis');
    assert.match(note.message, /file looks binary \(it contains NUL bytes\); not analysed/);
    assert.deepEqual(drydockDiagnostics(editor.document.uri).map(codeOf), ['drydock/analysis']);
    assert.ok((await hoverRoundTripMs()) < RESPONSIVE_MS);
  });

  it('a Helm template is read, without findings about fields the chart fills in', async () => {
    const editor = await open('chart/templates/deployment.yaml');
    const uri = editor.document.uri;
    const note = await diagnosticFor(uri, 'drydock/analysis');
    assert.match(note.message, /template actions .* were treated as unknown values/);
    const rules = drydockDiagnostics(uri).map(codeOf);
    // The pod has no securityContext here, but values.yaml or a helper may add one.
    for (const missing of ['kubernetes/run-as-root', 'kubernetes/seccomp-profile-missing', 'kubernetes/memory-limits']) assert.ok(!rules.includes(missing), `${missing} in ${rules}`);
    assert.ok(!rules.includes('kubernetes/privileged-container'), 'privileged: {{ .Values.privileged }} is unknown, not true');
    assert.ok((await hoverRoundTripMs()) < RESPONSIVE_MS);
  });

  it('the language server was never restarted during the run', async () => {
    const api = await drydock();
    assert.equal(api.serverStarts(), 1, 'the client saw its server start once');
    assert.equal((await api.serverStatus())?.pid, pidAtStart, 'the same server process answers');
  });
});
