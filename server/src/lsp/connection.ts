/**
 * The one wiring file: LSP events → handlers. Everything else in lsp/ is plain functions and
 * classes that take what they need as arguments.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleById } from '../core/rules';
import { ruleMarkdown } from '../core/explain/markdown';
import { COMMAND_RECORD_FEEDBACK, codeActions, FIX_ALL_KIND, type CodeActionOptions } from './codeActions';
import { recordFeedback } from '../modelFeedback';
import { hover } from './hover';
import { SettingsCache } from './settings';
import { STATUS_NOTIFICATION, Validator } from './validator';
import { WATCHED_GLOBS, WorkspaceFiles } from './workspaceFiles';
import { SCAN_WORKSPACE_REQUEST, SECURITY_REPORT_REQUEST, WorkspaceScan } from './workspaceScan';
import { EXPORT_SARIF_REQUEST, exportSarif, type ExportSarifResult } from './sarifExport';
import { PEERS_NOTIFICATION, coexistenceNote, normalisePeers, type Peers } from './coexistence';
import { version as SERVER_VERSION } from '../../../package.json';

export const STATUS_REQUEST = 'drydock/status';
export const RULE_DOCUMENTATION_REQUEST = 'drydock/ruleDocumentation';
export const TRUST_NOTIFICATION = 'drydock/workspaceTrust';
export { STATUS_NOTIFICATION, SCAN_WORKSPACE_REQUEST, SECURITY_REPORT_REQUEST, EXPORT_SARIF_REQUEST, PEERS_NOTIFICATION };

export interface InitializationOptions {
  /** vscode.workspace.isTrusted; absent = trusted (plain LSP clients have no trust model). */
  isTrusted?: boolean;
  /** The extension's global storage folder, for registry and image caches. */
  storagePath?: string;
  /** Neighbouring extensions that report some of the same concerns (lsp/coexistence.ts). */
  peers?: Peers;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsCache(connection);
  const files = new WorkspaceFiles();
  const validator = new Validator(connection, documents, settings, files);
  const workspace = new WorkspaceScan(connection, documents, validator, files);
  validator.workspaceStatus = () => workspace.status();
  validator.onClosedFileChanged = (uris) => workspace.refreshUris(uris);
  const actionOptions: CodeActionOptions = { documentChanges: false };
  let watchRegistration = false;
  let configurationRegistration = false;
  let workspaceFolderEvents = false;
  /** Documents whose first content event is the open itself, analysed without debounce. */
  const justOpened = new Set<string>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    settings.supportsConfiguration = capabilities.workspace?.configuration === true;
    watchRegistration = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    configurationRegistration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    workspaceFolderEvents = capabilities.workspace?.workspaceFolders === true;
    actionOptions.documentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    validator.trusted = options.isTrusted !== false;
    if (typeof options.storagePath === 'string' && options.storagePath) validator.storageDir = options.storagePath;
    validator.peers = normalisePeers(options.peers);
    workspace.canWatch = watchRegistration;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    files.setFolders(folders);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: [COMMAND_RECORD_FEEDBACK] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'drydock', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    }
    if (configurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'drydock' });
    if (workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(() => {
        void connection.workspace.getWorkspaceFolders().then((folders) => {
          files.setFolders(folders?.map((f) => f.uri) ?? []);
          validator.revalidateAll();
          workspace.invalidate();
        });
      });
    }
    void validator.warmUp();
  });

  // TextDocuments fires onDidOpen and then onDidChangeContent for an open.
  documents.onDidOpen((event) => justOpened.add(event.document.uri));
  documents.onDidChangeContent((event) => validator.schedule(event.document, justOpened.delete(event.document.uri)));
  documents.onDidClose((event) => {
    justOpened.delete(event.document.uri);
    settings.forget(event.document.uri);
    // After a workspace scan a closed file keeps the diagnostics of its state on disk.
    workspace.closed(event.document.uri);
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    validator.revalidateAll();
    workspace.invalidate();
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((c) => WorkspaceFiles.isWatched(c.uri))) {
      files.clear();
      validator.revalidateAll();
      workspace.invalidate();
    }
    workspace.filesChanged(params.changes);
  });

  connection.onNotification(TRUST_NOTIFICATION, (params: { isTrusted?: boolean }) => {
    validator.trusted = params?.isTrusted !== false;
    validator.revalidateAll();
    workspace.invalidate();
  });

  connection.onNotification(PEERS_NOTIFICATION, (params: unknown) => {
    validator.peers = normalisePeers(params);
    validator.revalidateAll();
    workspace.invalidate();
    validator.notifyStatus();
  });

  connection.onRequest(SCAN_WORKSPACE_REQUEST, (params: { workDoneToken?: string | number } | undefined, token) =>
    workspace.scan(token, connection.window.attachWorkDoneProgress(params?.workDoneToken)),
  );
  connection.onRequest(SECURITY_REPORT_REQUEST, () => workspace.report());
  connection.onRequest(EXPORT_SARIF_REQUEST, async (): Promise<ExportSarifResult> => {
    try {
      return await exportSarif(validator, files);
    } catch (error) {
      return { error: `Export failed: ${(error as Error).message}` };
    }
  });

  connection.onHover((params) => hover(validator, params));

  connection.onExecuteCommand(async (params) => {
    if (params.command !== COMMAND_RECORD_FEEDBACK) return null;
    const [argument] = (params.arguments ?? []) as { rule?: string; text?: string; uri?: string }[];
    if (!argument?.rule?.startsWith('model/') || typeof argument.text !== 'string' || typeof argument.uri !== 'string') return null;
    if (!(await validator.feedbackEnabled(argument.uri))) return null;
    try {
      recordFeedback({ at: new Date().toISOString(), rule: argument.rule, text: argument.text.slice(0, 2000), verdict: 'expected' });
    } catch (error) {
      validator.logOnce(`feedback:${(error as Error).message}`, `Could not write the model feedback file: ${(error as Error).message}`, 'warning');
    }
    return null;
  });

  connection.onCodeAction(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return codeActions(validator, document, params, actionOptions);
  });

  connection.onRequest(STATUS_REQUEST, () => validator.status());
  connection.onRequest(RULE_DOCUMENTATION_REQUEST, (params: { rule?: string }) => {
    const rule = params?.rule ? ruleById(params.rule) : undefined;
    if (!rule) return null;
    const note = coexistenceNote(rule.id);
    return { rule: rule.id, markdown: note ? `${ruleMarkdown(rule)}\n\n${note}\n` : ruleMarkdown(rule) };
  });

  documents.listen(connection);
}

