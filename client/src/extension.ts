/**
 * The VS Code side of Drydock: starts the language server when it is first needed (a Dockerfile,
 * YAML or JSON file open, a command, or scan-on-startup; the server decides which YAML and JSON
 * files are manifests), shows its state and the findings (language status item, status bar
 * counts, findings view, report webview), and runs the commands that need the editor. No
 * analysis happens here.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, WorkDoneProgress, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { countSeverities, countsText, type GroupBy, type Severity } from './findingGroups';
import { currentFindings, FindingsView, VIEW_ID } from './findingsView';
import { detectPeers, watchPeers, type Peers } from './peers';
import { ReportPanel } from './reportPanel';
import type { ScanWorkspaceResult, SecurityReportResponse } from '../../server/src/lsp/workspaceScan';
import type { ExportSarifResult } from '../../server/src/lsp/sarifExport';
import { SERVER_NODE_FLAGS } from '../../server/src/serverProcess';

/** Dockerfiles; YAML and JSON that may hold Kubernetes objects; compose files (their own id when an extension sets it). */
const LANGUAGE_IDS = ['dockerfile', 'yaml', 'dockercompose', 'json'];
const STATUS_REQUEST = 'drydock/status';
const STATUS_NOTIFICATION = 'drydock/statusChanged';
const RULE_DOCUMENTATION_REQUEST = 'drydock/ruleDocumentation';
const TRUST_NOTIFICATION = 'drydock/workspaceTrust';
const PEERS_NOTIFICATION = 'drydock/peers';
const SCAN_WORKSPACE_REQUEST = 'drydock/scanWorkspace';
const SECURITY_REPORT_REQUEST = 'drydock/securityReport';
const EXPORT_SARIF_REQUEST = 'drydock/exportSarif';
const RULE_DOC_SCHEME = 'drydock-rule';
const CREDENTIALS_REQUEST = 'drydock/registryCredentials';
const SECRET_PREFIX = 'drydock.registry.';
/** Context key: a workspace scan has run (the findings view's welcome text changes). */
const SCANNED_CONTEXT = 'drydock.workspaceScanned';

interface ServerStatus {
  ruleCount: number;
  lastAnalysisMs: number | null;
  lastAnalysisAt: string | null;
  state: 'starting' | 'ready' | 'analysing' | 'disabled';
  restricted: boolean;
  shellParser: 'loaded' | 'unavailable' | 'loading';
  model?: { state: string; reason?: string };
  workspace?: { state: 'never' | 'running' | 'done' | 'cancelled'; finishedAt?: string; files?: number };
  peers?: Peers;
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

/** An insecure Dockerfile for the walkthrough: every line has something to find. */
const EXAMPLE_DOCKERFILE = `FROM ubuntu:latest
ARG NPM_TOKEN=npm_4f8Qx2Lr9TzW7bYc1VnK3sHd6JmP0aEu5GiO
RUN apt-get update && apt-get install -y curl nodejs npm
RUN curl -fsSL https://example.com/install.sh | sh
COPY . /app
WORKDIR /app
RUN npm install
USER root
EXPOSE 22
CMD node server.js
`;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<DrydockApi> {
  const output = vscode.window.createOutputChannel('Drydock', { log: true });
  const trace = vscode.window.createOutputChannel('Drydock Trace', { log: true });
  const status = createStatusItem();
  const counts = vscode.window.createStatusBarItem('drydock.counts', vscode.StatusBarAlignment.Left, 50);
  counts.name = 'Drydock Findings';
  counts.command = `${VIEW_ID}.focus`;
  const ruleDocs = new RuleDocumentationProvider();
  const findings = new FindingsView();
  context.subscriptions.push(output, trace, status, counts, findings, vscode.workspace.registerTextDocumentContentProvider(RULE_DOC_SCHEME, ruleDocs));

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Virtual workspaces (github.dev, Remote Repositories, scheme vscode-vfs): analysed without config files.
    documentSelector: LANGUAGE_IDS.flatMap((language) => ['file', 'untitled', 'vscode-vfs'].map((scheme) => ({ language, scheme }))),
    diagnosticCollectionName: 'drydock',
    outputChannel: output,
    traceOutputChannel: trace,
    initializationOptions: { isTrusted: vscode.workspace.isTrusted, storagePath: context.globalStorageUri.fsPath, peers: detectPeers() },
  };

  client = new LanguageClient('drydock', 'Drydock', serverOptions, clientOptions);
  const current = () => client!;
  let lastStatus: ServerStatus | undefined;
  let started: Promise<void> | undefined;
  /** The server starts once, when something first needs it. */
  const ensureStarted = (): Promise<void> =>
    (started ??= (async () => {
      status.busy = true;
      try {
        await current().start();
      } catch (error) {
        started = undefined; // the next file, command or restart tries again
        throw error;
      }
      await refreshStatus();
    })());

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

  const showCounts = (severities: Record<Severity, number>, files: number) => {
    const scanned = lastStatus?.workspace?.finishedAt;
    if (severities.error + severities.warning + severities.info === 0 && !scanned && !started) {
      counts.hide();
      return;
    }
    counts.text = `$(shield) $(error) ${severities.error} $(warning) ${severities.warning}`;
    const lines = [`**Drydock**: ${countsText(severities)} in ${files} ${files === 1 ? 'file' : 'files'}`];
    if (lastStatus?.lastAnalysisAt) lines.push(`Last analysis ${new Date(lastStatus.lastAnalysisAt).toLocaleTimeString()}`);
    lines.push(scanned ? `Workspace scanned ${new Date(scanned).toLocaleString()}` : 'Open files only — run **Drydock: Scan Workspace** for every file');
    const model = modelText(lastStatus);
    if (model) lines.push(model);
    counts.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    counts.show();
  };
  findings.onCounts = showCounts;
  const redrawCounts = () => {
    const items = currentFindings();
    showCounts(countSeverities(items), new Set(items.map((i) => i.uri)).size);
  };

  const refreshStatus = async () => {
    try {
      onStatus(await current().sendRequest<ServerStatus>(STATUS_REQUEST));
    } catch {
      // The next status notification will update the item.
    }
  };
  const onStatus = (s: ServerStatus) => {
    lastStatus = s;
    showStatus(status, s);
    if (s.workspace?.finishedAt) void vscode.commands.executeCommand('setContext', SCANNED_CONTEXT, true);
    redrawCounts();
  };
  client.onNotification(STATUS_NOTIFICATION, onStatus);

  const scanWorkspace = async (options: { quiet?: boolean } = {}): Promise<ScanWorkspaceResult | undefined> => {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage('Drydock: open a folder to scan its Dockerfiles, manifests and compose files.');
      return undefined;
    }
    await ensureStarted();
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Drydock: Scanning workspace', cancellable: true }, async (progress, token) => {
      // The server reports work-done progress on a token we choose; cancelling the notification cancels the request.
      const workDoneToken = randomUUID();
      let reported = 0;
      const listener = current().onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? reported;
        progress.report({ message: value.message, increment: Math.max(0, percentage - reported) });
        reported = Math.max(reported, percentage);
      });
      try {
        const result = await current().sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_REQUEST, { workDoneToken }, token);
        if (result.note) void vscode.window.showInformationMessage(`Drydock: ${result.note}.`);
        else if (!options.quiet) void announceScan(result);
        return result;
      } catch (error) {
        if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`Drydock: the workspace scan failed: ${(error as Error).message}`);
        return undefined;
      } finally {
        listener.dispose();
      }
    });
  };

  const announceScan = async (result: ScanWorkspaceResult) => {
    const what = `${result.cancelled ? 'Scan cancelled after' : 'Scanned'} ${result.files} ${result.files === 1 ? 'file' : 'files'}: ${countsText(result.bySeverity)}`;
    const choice = await vscode.window.showInformationMessage(`Drydock: ${what}.`, 'Show Findings', 'Show Report');
    if (choice === 'Show Findings') await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    else if (choice === 'Show Report') await vscode.commands.executeCommand('drydock.showReport');
  };

  const exportSarif = async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showInformationMessage('Drydock: open a folder to export its findings as SARIF.');
      return;
    }
    await ensureStarted();
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder.uri, 'drydock.sarif'),
      filters: { SARIF: ['sarif', 'json'] },
      saveLabel: 'Export',
      title: 'Export Drydock findings as SARIF 2.1.0',
    });
    if (!target) return;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Drydock: Exporting SARIF' }, () =>
      current().sendRequest<ExportSarifResult>(EXPORT_SARIF_REQUEST, {}),
    );
    if ('error' in result) {
      void vscode.window.showErrorMessage(`Drydock: ${result.error}`);
      return;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.sarif));
    const open = await vscode.window.showInformationMessage(`Drydock: wrote ${result.findings} findings from ${result.files} files to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
    if (open) await vscode.window.showTextDocument(target);
  };

  const setGroupBy = (by: GroupBy) => () => findings.setGroupBy(by);

  context.subscriptions.push(
    vscode.commands.registerCommand('drydock.restartServer', async () => {
      if (!started) return ensureStarted();
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
      await ensureStarted();
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
    vscode.commands.registerCommand('drydock.scanWorkspace', () => scanWorkspace()),
    vscode.commands.registerCommand('drydock.showReport', async () => {
      await ensureStarted();
      ReportPanel.show(context.extensionUri, {
        fetch: () => current().sendRequest<SecurityReportResponse>(SECURITY_REPORT_REQUEST, {}),
        scan: () => scanWorkspace({ quiet: true }),
        exportSarif: () => vscode.commands.executeCommand('drydock.exportSarif'),
      });
    }),
    vscode.commands.registerCommand('drydock.exportSarif', exportSarif),
    vscode.commands.registerCommand('drydock.findings.groupBySeverity', setGroupBy('severity')),
    vscode.commands.registerCommand('drydock.findings.groupByFile', setGroupBy('file')),
    vscode.commands.registerCommand('drydock.findings.groupByRule', setGroupBy('rule')),
    vscode.commands.registerCommand('drydock.openExample', async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: EXAMPLE_DOCKERFILE });
      await vscode.window.showTextDocument(document);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (started) void current().sendNotification(TRUST_NOTIFICATION, { isTrusted: true });
    }),
    watchPeers((peers) => {
      if (started) void current().sendNotification(PEERS_NOTIFICATION, peers);
    }),
    vscode.workspace.onDidOpenTextDocument((document) => {
      // A failed start says so itself (the language client shows it); the next file tries again.
      if (LANGUAGE_IDS.includes(document.languageId)) ensureStarted().catch(() => undefined);
    }),
    current().onDidChangeState((event) => {
      if (event.newState === State.Running) {
        serverStarts++;
        void refreshStatus();
      } else if (event.newState === State.Stopped) showStatus(status, undefined, 'stopped');
      else status.busy = true;
    }),
  );
  context.subscriptions.push({ dispose: () => void client?.stop() });

  // Like ESLint: activation is cheap; the server process starts with the first file it analyses.
  if (vscode.workspace.textDocuments.some((d) => LANGUAGE_IDS.includes(d.languageId))) await ensureStarted();
  if (vscode.workspace.getConfiguration('drydock').get<boolean>('workspace.scanOnStartup', false) && vscode.workspace.workspaceFolders?.length) {
    void scanWorkspace({ quiet: true });
  }
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

function modelText(s: ServerStatus | undefined): string | undefined {
  if (s?.model?.state === 'unavailable') return `model unavailable, rules only${s.model.reason ? ` (${s.model.reason})` : ''}`;
  if (s?.model?.state === 'ready') return 'model ready';
  if (s?.model?.state === 'starting') return 'model starting';
  if (s?.model?.state === 'disabled') return 'model off (drydock.model.enabled)';
  return undefined;
}

function showStatus(item: vscode.LanguageStatusItem, s: ServerStatus | undefined, override?: 'stopped'): void {
  if (override === 'stopped' || !s) {
    item.busy = false;
    item.text = 'Drydock: stopped';
    item.severity = vscode.LanguageStatusSeverity.Warning;
    item.command = { title: 'Restart', command: 'drydock.restartServer' };
    return;
  }
  item.busy = s.state === 'starting' || s.state === 'analysing' || s.workspace?.state === 'running';
  item.severity = s.restricted || s.shellParser === 'unavailable' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  const timing = s.lastAnalysisMs === null ? '' : ` · ${formatMs(s.lastAnalysisMs)}`;
  item.text = `Drydock: ${s.ruleCount} rules${timing}`;
  const details: string[] = [];
  const items = currentFindings();
  details.push(countsText(countSeverities(items)));
  if (s.lastAnalysisAt) details.push(`last analysis ${new Date(s.lastAnalysisAt).toLocaleTimeString()}`);
  if (s.workspace?.state === 'running') details.push('scanning the workspace');
  else if (s.workspace?.finishedAt) details.push(`workspace scanned ${new Date(s.workspace.finishedAt).toLocaleTimeString()}`);
  if (s.restricted) details.push('restricted mode (untrusted workspace)');
  if (s.shellParser === 'unavailable') details.push('shell parser unavailable');
  const model = modelText(s);
  if (model && s.model?.state !== 'disabled') details.push(model);
  if (s.peers?.dockerDx) details.push('BuildKit checks left to Docker DX');
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
