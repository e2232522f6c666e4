/** What the extension-host specs share: files of the fixture workspace, event-free polling, the extension's API. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DrydockApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'drydock.drydock';

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the launcher opens the fixture workspace as the first folder');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document);
}

/** Polls `probe` until it returns something, or fails naming what it waited for and what it last saw. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, seen?: () => unknown): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen ? `; last seen: ${JSON.stringify(seen())}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function drydockDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'drydock');
}

/** Waits until a Drydock diagnostic with this rule id is published for `uri`. */
export function diagnosticFor(uri: vscode.Uri, rule: string, timeoutMs = 30_000): Promise<vscode.Diagnostic> {
  return waitFor(
    `a ${rule} diagnostic on ${uri.path}`,
    () => drydockDiagnostics(uri).find((d) => codeOf(d) === rule),
    timeoutMs,
    () => drydockDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line}`),
  );
}

export function assertRange(range: vscode.Range, start: [number, number], end: [number, number]): void {
  assert.deepEqual([range.start.line, range.start.character, range.end.line, range.end.character], [...start, ...end]);
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/**
 * The workbench's code actions for a range. VS Code cancels a pending code-action request when any extension registers
 * a code-action provider meanwhile (built-in ones do, seconds into a cold window): the request then fails with
 * "Canceled" or answers with no actions at all. Only those two answers are asked again, at most three times in all.
 */
export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    const actions: (vscode.CodeAction | vscode.Command)[] = await vscode.commands
      .executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind)
      .then(undefined, (error: Error) => {
        if (error?.name !== 'Canceled' || attempt === 3) throw error;
        return [];
      });
    if (actions.length > 0 || attempt === 3) return actions.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a || 'isPreferred' in a);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The extension's API, activated if it was not yet. */
export async function drydock(): Promise<DrydockApi> {
  const extension = vscode.extensions.getExtension<DrydockApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded (as the development extension or from the .vsix)`);
  return extension.isActive ? extension.exports : extension.activate();
}

/** Closes every editor; unsaved changes are reverted first, so no save dialog can block the run. */
export async function closeAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
