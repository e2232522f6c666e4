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
import { version as SERVER_VERSION } from '../../../package.json';

export const STATUS_REQUEST = 'drydock/status';
export const RULE_DOCUMENTATION_REQUEST = 'drydock/ruleDocumentation';
export const TRUST_NOTIFICATION = 'drydock/workspaceTrust';
export { STATUS_NOTIFICATION };

export interface InitializationOptions {
  /** vscode.workspace.isTrusted; absent = trusted (plain LSP clients have no trust model). */
  isTrusted?: boolean;
  /** The extension's global storage folder, for registry and image caches. */
  storagePath?: string;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsCache(connection);
  const files = new WorkspaceFiles();
  const validator = new Validator(connection, documents, settings, files);
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
    validator.close(event.document.uri);
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    validator.revalidateAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((c) => WorkspaceFiles.isWatched(c.uri))) {
      files.clear();
      validator.revalidateAll();
    }
  });

  connection.onNotification(TRUST_NOTIFICATION, (params: { isTrusted?: boolean }) => {
    validator.trusted = params?.isTrusted !== false;
    validator.revalidateAll();
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
    return rule ? { rule: rule.id, markdown: ruleMarkdown(rule) } : null;
  });

  documents.listen(connection);
}

