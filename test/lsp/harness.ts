/**
 * A minimal LSP client driving the REAL bundled server (dist/server.js) the way an editor would: over stdio by
 * default, or over a Node IPC channel (`transport: 'ipc'`), the transport the extension starts the server with
 * (client/src/extension.ts). Waits are event-driven (for a publish that matches), never fixed sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type Diagnostic,
  type PublishDiagnosticsParams,
  type CodeAction,
  type TextEdit,
  type WorkspaceEdit,
  type Hover,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER_NODE_FLAGS } from '../../server/src/serverProcess';

export const SERVER_PATH = join(__dirname, '..', '..', '..', 'dist', 'server.js');

export interface ServerOptions {
  /** The `drydock` settings section returned for workspace/configuration. */
  settings?: Record<string, unknown>;
  workspaceFolders?: string[];
  initializationOptions?: Record<string, unknown>;
  /** Extra environment of the server process (e.g. the test-only DRYDOCK_TEST_FAULTS). */
  env?: Record<string, string>;
  /**
   * How messages travel: `stdio` (the default) or `ipc`, a Node IPC channel as VS Code's TransportKind.ipc. They
   * differ under load: over stdio each message the server writes waits until the client has read most of the one
   * before (a pipe holds 64 KB), over IPC it does not.
   */
  transport?: 'stdio' | 'ipc';
}

interface Waiter {
  uri: string;
  predicate: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export class TestServer {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  readonly shownMessages: string[] = [];
  readonly registrations: unknown[] = [];
  private waiters: Waiter[] = [];
  private readonly texts = new Map<string, { text: string; version: number }>();
  exited = false;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    public settings: Record<string, unknown>,
  ) {}

  static async start(options: ServerOptions = {}): Promise<TestServer> {
    if (!existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run node scripts/build.mjs first`);
    // The flags the extension starts the server with.
    // DRYDOCK_SERVER_CPU_PROFILE=<dir>: the server writes a V8 CPU profile there as it stops (profiling the load test).
    const profile = process.env.DRYDOCK_SERVER_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.DRYDOCK_SERVER_CPU_PROFILE}`] : [];
    // DRYDOCK_SERVER_NODE_FLAGS: more Node/V8 flags for the server (trying GC or JIT settings under the load test).
    const extra = process.env.DRYDOCK_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
    const ipc = options.transport === 'ipc';
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...extra, ...profile, SERVER_PATH, ipc ? '--node-ipc' : '--stdio'], {
      stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    const connection = ipc
      ? createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
      : createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new TestServer(child, connection, options.settings ?? {});
    child.on('exit', () => (server.exited = true));
    child.stderr!.on('data', (chunk: Buffer) => server.logs.push(chunk.toString()));
    // Over IPC nothing else reads the server's stdout: a full pipe must not hold up what it writes there.
    if (ipc) child.stdout!.on('data', (chunk: Buffer) => server.logs.push(chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      server.published.push(params);
      server.waiters = server.waiters.filter((w) => {
        if (w.uri !== params.uri || !w.predicate(params)) return true;
        w.resolve(params);
        return false;
      });
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      server.logs.push(params.message);
    });
    connection.onNotification('window/showMessage', (params: { message: string }) => {
      server.shownMessages.push(params.message);
    });
    connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      server.shownMessages.push(params.message);
      return null;
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => server.settings));
    connection.onRequest('client/registerCapability', (params: unknown) => {
      server.registrations.push(params);
      return null;
    });
    connection.onRequest('workspace/workspaceFolders', () => (options.workspaceFolders ?? []).map((uri) => ({ uri, name: uri })));
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.workspaceFolders?.[0] ?? null,
      workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: uri })) ?? null,
      initializationOptions: options.initializationOptions ?? {},
      capabilities: {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
          workspaceFolders: true,
        },
        textDocument: {
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { dataSupport: true, isPreferredSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return server;
  }

  /** Resolves with the first publish for `uri` (already received or future) that satisfies `predicate`. */
  waitForDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true, sinceIndex = 0): Promise<PublishDiagnosticsParams> {
    const earlier = this.published.slice(sinceIndex).find((p) => p.uri === uri && predicate(p));
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve) => this.waiters.push({ uri, predicate, resolve }));
  }

  /** Opens a document and returns the diagnostics published for its first version. */
  async open(uri: string, text: string, languageId = 'dockerfile'): Promise<Diagnostic[]> {
    const mark = this.published.length;
    this.texts.set(uri, { text, version: 1 });
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return (await this.waitForDiagnostics(uri, (p) => p.version === 1, mark)).diagnostics;
  }

  /** Replaces the whole text (no wait); returns the new version. */
  /**
   * Sends the change from the document's current text to `text` the way VS Code does with a server that asks for
   * incremental sync: one edit of the range that differs (a keystroke in a 5,000-line manifest sends a few characters,
   * not the whole file).
   */
  async changeNoWait(uri: string, text: string): Promise<number> {
    const current = this.texts.get(uri)!;
    const version = current.version + 1;
    this.texts.set(uri, { text, version });
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [incrementalChange(current.text, text)] });
    return version;
  }

  async change(uri: string, text: string): Promise<Diagnostic[]> {
    const mark = this.published.length;
    const version = await this.changeNoWait(uri, text);
    return (await this.waitForDiagnostics(uri, (p) => p.version === version, mark)).diagnostics;
  }

  textOf(uri: string): string {
    return this.texts.get(uri)!.text;
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    // A moment to exit on its own (a server run with --cpu-prof writes its profile as it exits), then the kill.
    if (!this.exited) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        this.process.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.connection.dispose();
    if (!this.exited) this.process.kill();
  }
}

/** Edits of a WorkspaceEdit for one document, whichever shape the server used. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  if (edit.documentChanges) {
    return edit.documentChanges.flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? (c.edits as TextEdit[]) : []));
  }
  return edit.changes?.[uri] ?? [];
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'dockerfile', 1, text), edits);
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

let counter = 0;
export function untitledUri(name = 'Dockerfile'): string {
  counter++;
  return `untitled:${name}-${process.pid}-${counter}`;
}

/** The one edit that turns `before` into `after`: the span between their common prefix and common suffix. */
export function incrementalChange(before: string, after: string): { range: { start: Position; end: Position }; text: string } {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Never split a surrogate pair or a CRLF: positions are in UTF-16 units, and an edit between \r and \n is legal but
  // not what an editor sends.
  if (prefix > 0 && /[\uD800-\uDBFF\r]/.test(before[prefix - 1])) prefix--;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && /[\uDC00-\uDFFF\n]/.test(before[before.length - suffix])) suffix--;
  const document = TextDocument.create('untitled:diff', 'plaintext', 0, before);
  return {
    range: { start: document.positionAt(prefix), end: document.positionAt(before.length - suffix) },
    text: after.slice(prefix, after.length - suffix),
  };
}
