/// <reference types="mocha" />
/** Fix-on-save as the README tells users to set it up: the saved file on disk holds every preferred fix. */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { closeAll, codeActions, codeOf, diagnosticFor, drydockDiagnostics, open, waitFor, workspaceUri } from './helpers';

const FILE = 'fix-on-save/Dockerfile';
const SAVED = [
  '# saved with fix-on-save',
  'FROM node:22-bookworm-slim',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci --omit=dev',
  'COPY . .',
  'USER node',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

/** The workbench's `source.fixAll.drydock` action for a document (asked again when a provider registration cancels it). */
async function fixAllAction(document: vscode.TextDocument): Promise<vscode.CodeAction> {
  const actions = await codeActions(document.uri, new vscode.Range(0, 0, document.lineCount, 0), 'source.fixAll.drydock');
  const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.drydock');
  assert.ok(fixAll?.edit, `no source.fixAll.drydock action: ${JSON.stringify(actions.map((a) => a.title))}`);
  return fixAll;
}

describe('fix on save (editor.codeActionsOnSave: source.fixAll.drydock)', () => {
  const editorSettings = () => vscode.workspace.getConfiguration('editor');
  before(async () => {
    // A copy of the plain Dockerfile (never saved by the other specs), so saving it changes no other spec's file.
    const target = workspaceUri(FILE).fsPath;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(workspaceUri('Dockerfile').fsPath, target);
    // The workbench tells the extension host about a settings change once its own configuration has it:
    // from then on a save sees the setting.
    const wanted = { 'source.fixAll.drydock': 'explicit' };
    if (JSON.stringify(editorSettings().get('codeActionsOnSave')) === JSON.stringify(wanted)) return;
    const seen = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('editor.codeActionsOnSave')) return;
        listener.dispose();
        resolve();
      });
    });
    await editorSettings().update('codeActionsOnSave', wanted, vscode.ConfigurationTarget.Global);
    await seen;
  });
  after(async () => {
    await editorSettings().update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global);
    await closeAll();
  });

  it('offers source.fixAll.drydock with every preferred fix', async () => {
    const editor = await open(FILE);
    await diagnosticFor(editor.document.uri, 'dockerfile/json-args-recommended');
    const fixAll = await fixAllAction(editor.document);
    assert.equal(fixAll.title, 'Fix all Drydock problems');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit!));
    assert.equal(editor.document.getText(), SAVED.slice(SAVED.indexOf('\n') + 1), 'sudo removed and the CMD in exec form');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('applies the fixes when the file is saved, and the file on disk has them', async () => {
    const editor = await open(FILE);
    const uri = editor.document.uri;
    await diagnosticFor(uri, 'dockerfile/sudo');
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# saved with fix-on-save\n')));
    // Saved once the server has analysed the edited text (its findings moved down a line).
    await waitFor('the findings of the edited text', () => (drydockDiagnostics(uri).some((d) => codeOf(d) === 'dockerfile/sudo' && d.range.start.line === 4) ? true : undefined));
    assert.deepEqual(editorSettings().get('codeActionsOnSave'), { 'source.fixAll.drydock': 'explicit' });
    // The save asks for the same action; a settled workbench answers it (see fixAllAction).
    await fixAllAction(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor('the save to finish', () => (editor.document.isDirty ? undefined : true));
    assert.equal(readFileSync(uri.fsPath, 'utf8'), SAVED);
    assert.equal(editor.document.getText(), SAVED);
    await waitFor('the fixed findings to go', () =>
      drydockDiagnostics(uri).some((d) => ['dockerfile/sudo', 'dockerfile/json-args-recommended'].includes(codeOf(d) ?? '')) ? undefined : true,
    );
  });
});
