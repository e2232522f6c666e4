/**
 * Which neighbouring extensions report some of Drydock's concerns, as far as the editor can tell:
 * installed and enabled (`getExtension` returns nothing for a disabled one), with their own
 * switches read. The server decides what to leave to them (server/src/lsp/coexistence.ts).
 */
import * as vscode from 'vscode';
import type { Peers } from '../../server/src/lsp/coexistence';

export const DOCKER_DX = 'docker.docker';
export const RED_HAT_YAML = 'redhat.vscode-yaml';

export type { Peers };

export function detectPeers(): Peers {
  const dockerDx = vscode.extensions.getExtension(DOCKER_DX) !== undefined;
  const redHatYaml = vscode.extensions.getExtension(RED_HAT_YAML) !== undefined;
  return {
    dockerDx,
    dockerDxCompose: dockerDx && vscode.workspace.getConfiguration('docker.extension').get<boolean>('enableComposeLanguageServer', true) !== false,
    // With `yaml.validate` off, Red Hat YAML reports no syntax errors: ours stay.
    redHatYaml: redHatYaml && vscode.workspace.getConfiguration('yaml').get<boolean>('validate', true) !== false,
  };
}

/** Calls `onChange` when an extension is installed, removed, enabled or disabled, or a peer's switch changes. */
export function watchPeers(onChange: (peers: Peers) => void): vscode.Disposable {
  let last = JSON.stringify(detectPeers());
  const check = () => {
    const peers = detectPeers();
    const now = JSON.stringify(peers);
    if (now === last) return;
    last = now;
    onChange(peers);
  };
  return vscode.Disposable.from(
    vscode.extensions.onDidChange(check),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('yaml.validate') || e.affectsConfiguration('docker.extension.enableComposeLanguageServer')) check();
    }),
  );
}
