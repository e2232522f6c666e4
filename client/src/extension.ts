/**
 * The VS Code side of Drydock: starts the language server (activation happens on the first
 * Dockerfile, YAML or JSON file; the server decides which of those are manifests), shows its state in a language status item, and runs the few commands that need
 * the editor. No analysis happens here.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Dockerfiles; YAML and JSON that may hold Kubernetes objects; compose files (their own id when an extension sets it). */
const LANGUAGE_IDS = ['dockerfile', 'yaml', 'dockercompose', 'json'];
const STATUS_REQUEST = 'drydock/status';
const STATUS_NOTIFICATION = 'drydock/statusChanged';
const RULE_DOCUMENTATION_REQUEST = 'drydock/ruleDocumentation';
const TRUST_NOTIFICATION = 'drydock/workspaceTrust';
const RULE_DOC_SCHEME = 'drydock-rule';
const CREDENTIALS_REQUEST = 'drydock/registryCredentials';
const SECRET_PREFIX = 'drydock.registry.';

interface ServerStatus {
  ruleCount: number;
  lastAnalysisMs: number | null;
  lastAnalysisAt: string | null;
  state: 'starting' | 'ready' | 'analysing' | 'disabled';
  restricted: boolean;
  shellParser: 'loaded' | 'unavailable' | 'loading';
  model?: { state: string; reason?: string };
  pid?: number;
}

/**
 * What `activate` returns (`vscode.extensions.getExtension('drydock.drydock').exports`): enough for
 * the e2e suite to tell whether the server was restarted behind the user's back.
 */
export interface DrydockApi {
  /** How often the language client saw its server reach the running state (1 unless it was restarted). */
  serverStarts(): number;
  /** The server's status, including its process id; undefined while it cannot answer. */
  serverStatus(): Promise<ServerStatus | undefined>;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<DrydockApi> {
  const output = vscode.window.createOutputChannel('Drydock', { log: true });
  const trace = vscode.window.createOutputChannel('Drydock Trace', { log: true });
  const status = createStatusItem();
  const ruleDocs = new RuleDocumentationProvider();
  context.subscriptions.push(output, trace, status, vscode.workspace.registerTextDocumentContentProvider(RULE_DOC_SCHEME, ruleDocs));

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Virtual workspaces (github.dev, Remote Repositories, scheme vscode-vfs): analysed without config files.
    documentSelector: LANGUAGE_IDS.flatMap((language) => ['file', 'untitled', 'vscode-vfs'].map((scheme) => ({ language, scheme }))),
    diagnosticCollectionName: 'drydock',
    outputChannel: output,
    traceOutputChannel: trace,
    initializationOptions: { isTrusted: vscode.workspace.isTrusted, storagePath: context.globalStorageUri.fsPath },
  };

  client = new LanguageClient('drydock', 'Drydock', serverOptions, clientOptions);
  const current = () => client!;
  let serverStarts = 0;
  // Registry credentials live in SecretStorage (the OS keychain), handed to the server only when it asks for one host.
  client.onRequest(CREDENTIALS_REQUEST, async (params: { registry?: string }) => {
    if (!vscode.workspace.isTrusted || typeof params?.registry !== 'string') return null;
    const stored = await context.secrets.get(`${SECRET_PREFIX}${params.registry}`);
    if (!stored) return null;
    try {
      const parsed = JSON.parse(stored) as { username?: string; password?: string };
      return { username: parsed.username, password: parsed.password };
    } catch {
      return null;
    }
  });

  context.subscriptions.push(
    vscode.commands.registerCommand('drydock.restartServer', async () => {
      status.busy = true;
      await current().restart();
    }),
    vscode.commands.registerCommand('drydock.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('drydock.signInToRegistry', async () => {
      const registry = await vscode.window.showInputBox({ prompt: 'Registry host', placeHolder: 'ghcr.io, registry.example.com:5000, docker.io' });
      if (!registry) return;
      const username = await vscode.window.showInputBox({ prompt: `User name for ${registry}` });
      if (!username) return;
      const password = await vscode.window.showInputBox({ prompt: `Password or access token for ${registry}`, password: true });
      if (!password) return;
      await context.secrets.store(`${SECRET_PREFIX}${registry.trim()}`, JSON.stringify({ username, password }));
      void vscode.window.showInformationMessage(`Drydock stored credentials for ${registry} in the system keychain.`);
    }),
    vscode.commands.registerCommand('drydock.signOutOfRegistry', async () => {
      const registry = await vscode.window.showInputBox({ prompt: 'Registry host to forget' });
      if (!registry) return;
      await context.secrets.delete(`${SECRET_PREFIX}${registry.trim()}`);
    }),
    vscode.commands.registerCommand('drydock.showRuleDocumentation', async (ruleId?: string) => {
      const rule = ruleId ?? (await vscode.window.showInputBox({ prompt: 'Rule id', placeHolder: 'dockerfile/latest-tag' }));
      if (!rule) return;
      const docs = await current().sendRequest<{ rule: string; markdown: string } | null>(RULE_DOCUMENTATION_REQUEST, { rule });
      if (!docs) {
        void vscode.window.showWarningMessage(`Drydock has no rule named ${rule}.`);
        return;
      }
      const uri = vscode.Uri.from({ scheme: RULE_DOC_SCHEME, path: `/${docs.rule}.md` });
      ruleDocs.set(uri, docs.markdown);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    }),
    // Runs after the "Ignore …" quick fix inserted its comment: put the cursor where the reason goes.
    vscode.commands.registerCommand('drydock.placeCursor', async (target?: { uri: string; line: number; character: number }) => {
      if (!target) return;
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.uri) ?? vscode.window.activeTextEditor;
      if (!editor || editor.document.uri.toString() !== target.uri) return;
      const position = editor.document.validatePosition(new vscode.Position(target.line, target.character));
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position));
      await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void current().sendNotification(TRUST_NOTIFICATION, { isTrusted: true });
    }),
    current().onDidChangeState((event) => {
      if (event.newState === State.Running) {
        serverStarts++;
        void refreshStatus();
      } else if (event.newState === State.Stopped) showStatus(status, undefined, 'stopped');
      else status.busy = true;
    }),
  );

  const refreshStatus = async () => {
    try {
      showStatus(status, await current().sendRequest<ServerStatus>(STATUS_REQUEST));
    } catch {
      // The next status notification will update the item.
    }
  };

  await current().start();
  context.subscriptions.push(current().onNotification(STATUS_NOTIFICATION, (s: ServerStatus) => showStatus(status, s)));
  await refreshStatus();
  context.subscriptions.push({ dispose: () => void client?.stop() });
  return {
    serverStarts: () => serverStarts,
    serverStatus: () => current().sendRequest<ServerStatus>(STATUS_REQUEST).then((s) => s, () => undefined),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function createStatusItem(): vscode.LanguageStatusItem {
  const item = vscode.languages.createLanguageStatusItem('drydock.status', LANGUAGE_IDS.map((language) => ({ language })));
  item.name = 'Drydock';
  item.text = '$(loading~spin) Drydock';
  item.busy = true;
  item.command = { title: 'Show output', command: 'drydock.showOutput' };
  return item;
}

function showStatus(item: vscode.LanguageStatusItem, s: ServerStatus | undefined, override?: 'stopped'): void {
  if (override === 'stopped' || !s) {
    item.busy = false;
    item.text = 'Drydock: stopped';
    item.severity = vscode.LanguageStatusSeverity.Warning;
    item.command = { title: 'Restart', command: 'drydock.restartServer' };
    return;
  }
  item.busy = s.state === 'starting' || s.state === 'analysing';
  item.severity = s.restricted || s.shellParser === 'unavailable' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  const timing = s.lastAnalysisMs === null ? '' : ` · ${formatMs(s.lastAnalysisMs)}`;
  item.text = `Drydock: ${s.ruleCount} rules${timing}`;
  const details: string[] = [];
  if (s.lastAnalysisAt) details.push(`last analysis ${new Date(s.lastAnalysisAt).toLocaleTimeString()}`);
  if (s.restricted) details.push('restricted mode (untrusted workspace)');
  if (s.shellParser === 'unavailable') details.push('shell parser unavailable');
  if (s.model?.state === 'unavailable') details.push(`model unavailable, rules only${s.model.reason ? ` (${s.model.reason})` : ''}`);
  else if (s.model?.state === 'ready') details.push('model ready');
  item.detail = details.join(' · ');
  item.command = { title: 'Show output', command: 'drydock.showOutput' };
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** Read-only markdown pages for "Show documentation for <rule>", rendered from the server's rule metadata. */
class RuleDocumentationProvider implements vscode.TextDocumentContentProvider {
  private readonly pages = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, markdown: string): void {
    this.pages.set(uri.toString(), markdown);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.toString()) ?? '';
  }
}
