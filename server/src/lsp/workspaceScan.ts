/**
 * "Drydock: Scan Workspace": every file the CLI's walk would analyse, open or not, analysed with
 * the editor's settings and published as diagnostics (as ESLint's "lint the whole workspace" task
 * does), with work-done progress and cancellation.
 *
 * Who publishes a file's diagnostics: the validator while the file is open (from the buffer), this
 * class while it is closed (from disk). Closing a file after a scan publishes its state on disk in
 * place of the buffer's; opening it replaces them with the buffer's. Both publish under the same
 * URI, so VS Code never holds two sets for one file. Files are matched by file-system path, not by
 * URI text (VS Code and Node encode some characters differently).
 */
import { existsSync } from 'node:fs';
import { yieldToMessages } from './incomingMessages';
import { DidChangeWatchedFilesNotification, FileChangeType, type CancellationToken, type Connection, type FileEvent, type TextDocuments, type WorkDoneProgressReporter } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigResolver, isWalked, loadTarget, sortTargets, walkFolder, type Target } from '../cli/scan';
import { SEVERITIES, securityReport, type ReportedFinding, type SecurityReport, type SeverityCounts } from '../core/report';
import { allRules } from '../core/rules';
import type { Finding } from '../core/findings';
import type { ImageUse } from '../core/images/references';
import { analysisProblemDiagnostic } from './diagnostics';
import { fileNameOf, type Validator, type WorkspaceScanStatus } from './validator';
import { detectKind } from '../core/documents/detect';
import { releaseHeapHighWaterMark } from '../heap';
import { displayPath, pathToUri, uriToPath, WorkspaceFiles } from './workspaceFiles';

export const SCAN_WORKSPACE_REQUEST = 'drydock/scanWorkspace';
export const SECURITY_REPORT_REQUEST = 'drydock/securityReport';

/** Files that may be analysed, watched once a scan has run (the CLI's names; `isWalked` decides). */
export const ANALYSED_GLOBS = [
  '**/{Dockerfile,Containerfile,dockerfile,containerfile}',
  '**/{Dockerfile,Containerfile,dockerfile,containerfile}.*',
  '**/*.{dockerfile,containerfile}',
  '**/*.{yaml,yml,json}',
];

/** A rescan after settings or config files changed waits this long for the next change. */
const RESCAN_DELAY_MS = 300;
/** Changed files on disk are analysed in batches. */
const FILE_EVENT_DELAY_MS = 100;
/** Progress is reported at most this often. */
const PROGRESS_INTERVAL_MS = 100;

export interface ScanWorkspaceResult {
  /** Files analysed, open ones included. */
  files: number;
  findings: number;
  bySeverity: SeverityCounts;
  /** Findings left to Docker DX / Red Hat YAML in the editor. */
  leftToPeers: number;
  cancelled: boolean;
  durationMs: number;
  /** Why nothing was scanned (no workspace folder on disk). */
  note?: string;
}

export interface SecurityReportResponse {
  report: SecurityReport;
  /** `workspace` once a scan ran; before that the report covers the open files only. */
  scope: 'workspace' | 'open-files';
  scannedAt?: string;
  generatedAt: string;
  /** The URI of each file label, so the report can open the files it names (and only those). */
  uris: Record<string, string>;
}

/**
 * What is kept of a file's analysis: for a closed file only what the counts and the report read — its diagnostics
 * live in the editor, which holds what was published (a thousand files' messages, ranges and fixes would stay in the
 * server's memory for nothing). Open files' whole findings are the validator's (hovers, code actions).
 */
interface FileResult {
  uri: string;
  findings: readonly ReportedFinding[];
  leftToPeers: readonly ReportedFinding[];
  imageUses: readonly ImageUse[];
}

const reported = (f: Finding): ReportedFinding => ({ rule: f.rule, severity: f.severity, compliance: f.compliance });

interface KnownFile extends FileResult {
  path: string | undefined;
}

interface RunningScan {
  cancelled: boolean;
}

export class WorkspaceScan {
  /** Results of closed files, by path: what this class published for them. */
  private readonly results = new Map<string, FileResult>();
  /** The walk's ignore rules per workspace folder, from the last scan. */
  private readonly resolvers = new Map<string, ConfigResolver>();
  private state: WorkspaceScanStatus = { state: 'never' };
  private running: RunningScan | undefined;
  private rescanTimer: NodeJS.Timeout | undefined;
  private rescanAfterRun = false;
  private readonly changedPaths = new Set<string>();
  private fileEventTimer: NodeJS.Timeout | undefined;
  private watching = false;
  /** The client lets the server register file watchers. */
  canWatch = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly validator: Validator,
    private readonly files: WorkspaceFiles,
  ) {}

  status(): WorkspaceScanStatus {
    return { ...this.state };
  }

  /** A scan has run (or is running): closed files' diagnostics are this class's to keep current. */
  get scanned(): boolean {
    return this.state.finishedAt !== undefined || this.running !== undefined;
  }

  /** The user's scan: supersedes a running one, reports progress, stops when `token` is cancelled. */
  async scan(token: CancellationToken, progress: WorkDoneProgressReporter): Promise<ScanWorkspaceResult> {
    if (this.running) this.running.cancelled = true;
    const run: RunningScan = { cancelled: false };
    this.running = run;
    const cancel = token.onCancellationRequested(() => (run.cancelled = true));
    try {
      return await this.execute(run, progress);
    } finally {
      cancel.dispose();
    }
  }

  private async execute(run: RunningScan, progress: WorkDoneProgressReporter): Promise<ScanWorkspaceResult> {
    const started = Date.now();
    const folders = [...this.files.folderPaths];
    if (folders.length === 0) {
      if (this.running === run) this.running = undefined;
      return { ...emptyResult(), note: 'no workspace folder on disk to scan (virtual and single-file workspaces are analysed per open file)' };
    }
    this.state = { ...this.state, state: 'running' };
    this.validator.notifyStatus();
    progress.begin('Drydock: scanning the workspace', 0, 'looking for files…', true);
    try {
      const targets = await this.walk(folders, run);
      const seen = new Set<string>();
      const analysed: string[] = [];
      let last = 0;
      for (let i = 0; i < targets.length && !run.cancelled; i++) {
        const { absolute } = targets[i];
        seen.add(absolute);
        if (Date.now() - last >= PROGRESS_INTERVAL_MS) {
          last = Date.now();
          progress.report(Math.floor((i / targets.length) * 100), `${i + 1}/${targets.length} ${displayPath(absolute, folders)}`);
        }
        if (await this.analyseFile(absolute, targets[i])) analysed.push(absolute);
        // One file at a time between other messages: typing, a cancellation, an open.
        await yieldToMessages();
      }
      if (!run.cancelled) {
        // Files gone, renamed or newly ignored since the last scan lose their diagnostics.
        for (const path of [...this.results.keys()]) if (!seen.has(path)) this.forget(path);
      }
      // A scan superseded by a newer one leaves the status to it.
      if (this.running === run) this.state = { state: run.cancelled ? 'cancelled' : 'done', finishedAt: new Date().toISOString(), files: analysed.length };
      this.watchFiles();
      // The scan's garbage grew the heap; what it keeps are summaries. Give the pages back now, once per scan.
      if (this.running === run) releaseHeapHighWaterMark();
      return { ...this.count(analysed), cancelled: run.cancelled, durationMs: Date.now() - started };
    } finally {
      progress.done();
      if (this.running === run) this.running = undefined;
      this.validator.notifyStatus();
      if (this.rescanAfterRun) {
        this.rescanAfterRun = false;
        this.invalidate();
      }
    }
  }

  /** Every target of every folder (nested folders once), read one folder at a time. */
  private async walk(folders: readonly string[], run: RunningScan): Promise<Target[]> {
    const targets = new Map<string, Target>();
    this.resolvers.clear();
    for (const folder of folders) {
      const resolver = new ConfigResolver(folder);
      this.resolvers.set(folder, resolver);
      let step = 0;
      for (const target of walkFolder(folder, resolver)) {
        if (!targets.has(target.absolute)) targets.set(target.absolute, target);
        if (++step % 200 === 0) {
          await yieldToMessages();
          if (run.cancelled) return sortTargets(targets.values());
        }
      }
    }
    return sortTargets(targets.values());
  }

  private openUriAt(path: string): string | undefined {
    return this.openDocumentAt(path)?.uri;
  }

  /** The open document at `path`, if one is open. */
  private openDocumentAt(path: string): TextDocument | undefined {
    for (const document of this.documents.all()) if (uriToPath(document.uri) === path) return document;
    return undefined;
  }

  /**
   * Analyses a closed file from disk and publishes; an open one is the validator's. True when the
   * file is one Drydock analyses (an open one by its buffer), whether or not it has findings.
   */
  private async analyseFile(path: string, target: Target = { absolute: path, explicit: false }): Promise<boolean> {
    const open = this.openDocumentAt(path);
    if (open) {
      this.results.delete(path);
      return isOurs(open);
    }
    const uri = this.results.get(path)?.uri ?? pathToUri(path);
    try {
      const context = await this.validator.context(uri);
      if (!context) return this.forget(path);
      const loaded = loadTarget(target, path, context.effective.config);
      if (loaded === 'skip') return this.forget(path);
      if (this.openUriAt(path)) return true; // opened meanwhile: the buffer wins
      if ('error' in loaded) {
        const problem = analysisProblemDiagnostic([{ file: path, message: loaded.error }]);
        this.results.set(path, { uri, findings: [], leftToPeers: [], imageUses: [] });
        await this.connection.sendDiagnostics({ uri, diagnostics: problem ? [problem] : [] });
        return true;
      }
      const analysis = this.validator.analyse(uri, loaded.text, loaded.languageId, context);
      this.results.set(path, { uri, findings: analysis.findings.map(reported), leftToPeers: analysis.leftToPeers.map(reported), imageUses: analysis.imageUses });
      await this.connection.sendDiagnostics({ uri, diagnostics: analysis.diagnostics(undefined) });
      return true;
    } catch (error) {
      this.validator.logOnce(`scan:${path}:${(error as Error).message}`, `Workspace scan of ${path} failed: ${(error as Error).message}`, 'error');
      return false;
    }
  }

  /** Withdraws what was published for a closed file (false: not a file Drydock analyses). */
  private forget(path: string): false {
    const known = this.results.get(path);
    if (!known) return false;
    this.results.delete(path);
    if (!this.openUriAt(path)) void this.connection.sendDiagnostics({ uri: known.uri, diagnostics: [] });
    return false;
  }

  /** Whether the walk of the last scan covers `path` (so its diagnostics stay after it is closed). */
  covers(path: string): boolean {
    if (!this.scanned) return false;
    const folder = this.files.folderOf(path);
    if (!folder) return false;
    let resolver = this.resolvers.get(folder);
    if (!resolver) {
      resolver = new ConfigResolver(folder);
      this.resolvers.set(folder, resolver);
    }
    return isWalked(folder, path, resolver);
  }

  /**
   * A document was closed: after a scan its diagnostics become those of the file on disk (the
   * buffer may have been discarded); otherwise they are withdrawn as before.
   */
  closed(uri: string): void {
    const path = uriToPath(uri);
    if (!path || !this.covers(path)) {
      this.validator.close(uri);
      return;
    }
    this.validator.close(uri, false);
    this.results.set(path, { uri, findings: [], leftToPeers: [], imageUses: [] });
    void this.refresh([path]);
  }

  /** Analyses closed files again from disk (their image was scanned, the model learned, the file changed). */
  async refresh(paths: Iterable<string>): Promise<void> {
    for (const path of paths) {
      if (this.openUriAt(path)) continue;
      if (!existsSync(path) || !this.covers(path)) this.forget(path);
      else await this.analyseFile(path);
    }
    this.validator.notifyStatus();
  }

  /** Closed files whose analysis inputs changed, by URI (the validator's hook). */
  refreshUris(uris: readonly string[]): void {
    const paths = uris.map(uriToPath).filter((p): p is string => p !== undefined && this.results.has(p));
    if (paths.length > 0) void this.refresh(paths);
  }

  /**
   * Settings, config files, trust or the neighbours changed: after a scan, scan again quietly (the
   * walk too, since ignorePaths may have changed). A running scan finishes first.
   */
  invalidate(): void {
    this.resolvers.clear();
    if (!this.scanned) return;
    if (this.running) {
      this.rescanAfterRun = true;
      return;
    }
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      const run: RunningScan = { cancelled: false };
      this.running = run;
      void this.execute(run, quietProgress);
    }, RESCAN_DELAY_MS);
  }

  /** Files changed on disk (watched after the first scan): closed ones are analysed again, deleted ones withdrawn. */
  filesChanged(changes: readonly FileEvent[]): void {
    if (!this.scanned) return;
    for (const change of changes) {
      const path = uriToPath(change.uri);
      if (!path || WorkspaceFiles.isWatched(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) this.forget(path);
      else this.changedPaths.add(path);
    }
    if (this.changedPaths.size === 0 || this.fileEventTimer) return;
    this.fileEventTimer = setTimeout(() => {
      this.fileEventTimer = undefined;
      const paths = [...this.changedPaths];
      this.changedPaths.clear();
      void this.refresh(paths);
    }, FILE_EVENT_DELAY_MS);
  }

  private watchFiles(): void {
    if (this.watching || !this.canWatch) return;
    this.watching = true;
    void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: ANALYSED_GLOBS.map((globPattern) => ({ globPattern })) });
  }

  /** Every file the editor knows results for: open documents (their buffers) and, after a scan, closed files. */
  private knownFiles(): KnownFile[] {
    const known: KnownFile[] = [];
    const openPaths = new Set<string>();
    for (const [uri, result] of this.validator.openResults()) {
      const path = uriToPath(uri);
      if (path) openPaths.add(path);
      const document = this.documents.get(uri);
      if (document && isOurs(document)) known.push({ path, uri, ...result });
    }
    for (const [path, result] of this.results) if (!openPaths.has(path)) known.push({ path, ...result });
    return known;
  }

  private count(paths: readonly string[]): Omit<ScanWorkspaceResult, 'cancelled' | 'durationMs'> {
    const wanted = new Set(paths);
    const bySeverity: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
    let findings = 0;
    let leftToPeers = 0;
    for (const file of this.knownFiles()) {
      if (!file.path || !wanted.has(file.path)) continue;
      for (const f of file.findings) bySeverity[f.severity]++;
      findings += file.findings.length;
      leftToPeers += file.leftToPeers.length;
    }
    return { files: paths.length, findings, bySeverity, leftToPeers };
  }

  /** The security report over what the editor knows: the workspace after a scan, the open files before. */
  async report(): Promise<SecurityReportResponse> {
    const folders = this.files.folderPaths;
    const known = this.knownFiles();
    const uris: Record<string, string> = {};
    const files = known.map((k) => {
      const file = k.path ? displayPath(k.path, folders) : decodeURIComponent(k.uri.replace(/^untitled:/, ''));
      uris[file] = k.uri;
      // The report counts everything, including what the editor leaves to a neighbour.
      return { file, findings: [...k.findings, ...k.leftToPeers] };
    });
    const leftToPeers = known.reduce((n, k) => n + k.leftToPeers.length, 0);
    const probe = folders[0] ? pathToUri(folders[0]) : (known[0]?.uri ?? 'untitled:report');
    const images = (await this.validator.networkEnabled(probe))
      ? { enabled: true as const, ...this.validator.imageFacts(known.flatMap((k) => k.imageUses)) }
      : { enabled: false as const };
    return {
      report: securityReport({ files, rules: allRules, images, leftToPeers }),
      scope: this.state.finishedAt ? 'workspace' : 'open-files',
      scannedAt: this.state.finishedAt,
      generatedAt: new Date().toISOString(),
      uris,
    };
  }
}

/** An open document Drydock analyses (other YAML and JSON are opened too, and stay silent). */
function isOurs(document: TextDocument): boolean {
  return detectKind(fileNameOf(document.uri), document.languageId, document.getText()) !== undefined;
}

function emptyResult(): ScanWorkspaceResult {
  return { files: 0, findings: 0, bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts, leftToPeers: 0, cancelled: false, durationMs: 0 };
}

/** Rescans after a settings change report nothing: the user did not ask for them. */
const quietProgress: WorkDoneProgressReporter = { begin: () => undefined, report: () => undefined, done: () => undefined };
