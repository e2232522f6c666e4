/**
 * Runs the analysis for open documents: debounced per document, stale runs dropped (a result is
 * published only if the document is still at the version it was computed for), and the latest
 * findings kept per document for hovers and code actions.
 */
import { performance } from 'node:perf_hooks';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver';
import { analyzeDocument, DEFAULT_DOCUMENT_BUDGET_MS, DEFAULT_RULE_BUDGET_MS } from '../core/engine';
import type { Rule } from '../core/rule';
import { rulesWithTestFaults } from '../testFaults';
import { ImageScans } from './imageScans';
import { ModelHost } from '../model/host';
import { PredictionCache } from '../modelPredictions';
import type { ModelCandidates } from '../core/model/candidates';
import type { Finding } from '../core/findings';
import type { DrydockConfig } from '../core/config';
import type { ShellParser } from '../core/documents/shell';
import { allRules } from '../core/rules';
import { loadShellParser } from '../shellParserLoader';
import { todayIso } from '../clock';
import { analysisProblemDiagnostic, toDiagnostic } from './diagnostics';
import { SettingsCache, effectiveConfig, DEFAULT_DEBOUNCE_MS } from './settings';
import { WorkspaceFiles, uriToPath } from './workspaceFiles';

export type ServerState = 'starting' | 'ready' | 'analysing' | 'disabled';

export interface ServerStatus {
  ruleCount: number;
  lastAnalysisMs: number | null;
  lastAnalysisAt: string | null;
  state: ServerState;
  /** True when the workspace is untrusted and restricted settings are ignored. */
  restricted: boolean;
  shellParser: 'loaded' | 'unavailable' | 'loading';
  /** The on-device model: `not-started` until the first document needs it; `unavailable` means rules only. */
  model: { state: 'not-started' | 'starting' | 'ready' | 'unavailable' | 'disabled'; reason?: string };
}

export interface DocumentResult {
  version: number;
  findings: Finding[];
}

export const STATUS_NOTIFICATION = 'drydock/statusChanged';
/** Server → client: registry credentials the user stored with "Drydock: Sign in to Registry". */
export const CREDENTIALS_REQUEST = 'drydock/registryCredentials';
/** One analysis above this is worth a line in the output: typing would feel it. */
const SLOW_ANALYSIS_MS = 500;

export class Validator {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Incremented per scheduled run; a run that is not the latest for its document stops. */
  private readonly generation = new Map<string, number>();
  private readonly results = new Map<string, DocumentResult>();
  private readonly logged = new Set<string>();
  private shellParser: ShellParser | undefined;
  private shellParserState: ServerStatus['shellParser'] = 'loading';
  private shellParserReady: Promise<void>;
  private lastAnalysisMs: number | null = null;
  private lastAnalysisAt: string | null = null;
  private running = 0;
  private toldAboutRestrictions = false;
  trusted = true;
  /** Where the extension keeps caches (globalStorageUri); undefined for plain LSP clients. */
  storageDir: string | undefined;
  private imageScans: ImageScans | undefined;
  private modelHost: ModelHost | undefined;
  private modelEnabled = true;
  private readonly predictions = new PredictionCache();
  /** Rules that overran their time budget on a document: skipped for it until it is closed. */
  private readonly slowRules = new Map<string, Set<string>>();
  /** The real rules, or the test-only faulty ones (DRYDOCK_TEST_FAULTS). */
  private readonly rules: readonly Rule[] | undefined = rulesWithTestFaults(allRules);

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    readonly settings: SettingsCache,
    readonly files: WorkspaceFiles,
  ) {
    this.shellParserReady = loadShellParser().then(
      (parser) => {
        this.shellParser = parser;
        this.shellParserState = 'loaded';
      },
      (error: Error) => {
        this.shellParserState = 'unavailable';
        this.logOnce(`shell-parser`, `Shell parser could not be loaded; RUN commands are analysed without it: ${error.message}`, 'warning');
      },
    );
  }

  status(): ServerStatus {
    return {
      ruleCount: allRules.length,
      lastAnalysisMs: this.lastAnalysisMs,
      lastAnalysisAt: this.lastAnalysisAt,
      state: this.shellParserState === 'loading' ? 'starting' : this.running > 0 ? 'analysing' : 'ready',
      restricted: !this.trusted,
      shellParser: this.shellParserState,
      model: this.modelHost ? { state: this.modelHost.status().state, reason: this.modelHost.status().reason } : { state: this.modelEnabled ? 'not-started' : 'disabled' },
    };
  }

  /** Compiles the rules' hot paths before the first real document arrives. */
  async warmUp(): Promise<void> {
    await this.shellParserReady;
    const config: DrydockConfig = (await this.files.configFor('untitled:warm-up')).config;
    const warm = structuredClone(config);
    warm.profiles = [...warm.profiles, 'strict'];
    const text = 'FROM ubuntu:latest\nARG TOKEN=abc\nRUN apt-get update && apt-get install -y curl \\\n    && curl -fsSL https://example.com/x.sh | sh\nCOPY . /app\nUSER root\nCMD node app.js\n';
    const manifest =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: warm-up}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:latest\n        securityContext: {privileged: true}\n';
    const compose = 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    environment: [TOKEN=abc]\n';
    try {
      analyzeDocument({ fileName: 'Dockerfile', text, languageId: 'dockerfile' }, warm, { shellParser: this.shellParser, project: {}, today: todayIso() });
      analyzeDocument({ fileName: 'warm-up.yaml', text: manifest, languageId: 'yaml' }, warm, { project: {} });
      analyzeDocument({ fileName: 'compose.yaml', text: compose, languageId: 'yaml' }, warm, { project: {} });
    } catch {
      // The warm-up is an optimisation; the real run reports any problem.
    }
    this.notifyStatus();
  }

  resultFor(uri: string): DocumentResult | undefined {
    return this.results.get(uri);
  }

  /** Schedules analysis of `document`; `immediate` skips the debounce (document just opened). */
  schedule(document: TextDocument, immediate = false): void {
    const uri = document.uri;
    const generation = (this.generation.get(uri) ?? 0) + 1;
    this.generation.set(uri, generation);
    const previous = this.timers.get(uri);
    if (previous) clearTimeout(previous);
    const start = (delay: number) => {
      const timer = setTimeout(() => {
        this.timers.delete(uri);
        void this.run(uri, generation);
      }, delay);
      this.timers.set(uri, timer);
    };
    if (immediate) start(0);
    else void this.settings.get(uri).then((s) => this.generation.get(uri) === generation && start(s.diagnostics.delay), () => start(DEFAULT_DEBOUNCE_MS));
  }

  revalidateAll(): void {
    for (const document of this.documents.all()) this.schedule(document, true);
  }

  close(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    this.results.delete(uri);
    this.slowRules.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private isCurrent(uri: string, generation: number, version: number): boolean {
    return this.generation.get(uri) === generation && this.documents.get(uri)?.version === version;
  }

  /** Analysis for a document as it is now, without publishing (used by fix-all on a stale result). */
  analyseNow(document: TextDocument): Promise<Finding[]> {
    return this.analyseText(document, document.getText());
  }

  /** Analysis of `text` as if it were the content of `document` (fix-all's later passes), without publishing. */
  async analyseText(document: Pick<TextDocument, 'uri' | 'languageId'>, text: string): Promise<Finding[]> {
    const config = await this.configFor(document.uri);
    if (!config) return [];
    const project = await this.files.projectFactsFor(document.uri);
    await this.shellParserReady;
    return analyzeDocument({ fileName: fileNameOf(document.uri), text, languageId: document.languageId }, config.config, {
      shellParser: this.shellParser,
      project,
      today: todayIso(),
      rules: this.rules,
      budgets: this.budgetsFor(document.uri),
    }).findings;
  }

  private budgetsFor(uri: string) {
    return { clock: () => performance.now(), ruleMs: DEFAULT_RULE_BUDGET_MS, documentMs: DEFAULT_DOCUMENT_BUDGET_MS, skipRules: this.slowRules.get(uri) };
  }

  private async configFor(uri: string) {
    const settings = await this.settings.get(uri);
    if (!settings.enable) return undefined;
    const file = await this.files.configFor(uri);
    const effective = effectiveConfig(file.config, settings, this.trusted);
    for (const problem of [...file.problems, ...effective.problems]) this.logOnce(`config:${problem}`, `Configuration: ${problem}`, 'warning');
    if (effective.restricted.length > 0 && !this.toldAboutRestrictions) {
      this.toldAboutRestrictions = true;
      void this.connection.window.showInformationMessage(
        `Drydock runs in restricted mode because this workspace is not trusted: ${effective.restricted.join(', ')} ignored until you trust it.`,
      );
    }
    return effective;
  }

  private async run(uri: string, generation: number): Promise<void> {
    const document = this.documents.get(uri);
    if (!document) return;
    const version = document.version;
    this.running++;
    try {
      const effective = await this.configFor(uri);
      if (!this.isCurrent(uri, generation, version)) return;
      if (!effective || isIgnoredFile(uri)) {
        this.results.delete(uri);
        await this.connection.sendDiagnostics({ uri, version, diagnostics: [] });
        return;
      }
      const project = await this.files.projectFactsFor(uri);
      await this.shellParserReady;
      if (!this.isCurrent(uri, generation, version)) return;

      const started = performance.now();
      const input = { fileName: fileNameOf(uri), text: document.getText(), languageId: document.languageId };
      const images = effective.config.network.enabled ? this.scans() : undefined;
      const useModel = effective.config.model.enabled && effective.modelEnabled;
      this.modelEnabled = useModel;
      const result = analyzeDocument(input, effective.config, {
        shellParser: this.shellParser,
        project,
        today: todayIso(),
        images: images?.provider,
        advisories: images?.advisories,
        predictions: useModel ? this.predictions.port : undefined,
        collectInputs: images !== undefined || useModel,
        rules: this.rules,
        budgets: this.budgetsFor(uri),
      });
      for (const overrun of result.overruns ?? []) {
        let slow = this.slowRules.get(uri);
        if (!slow) this.slowRules.set(uri, (slow = new Set()));
        slow.add(overrun.rule);
      }
      const inputs = result.inputs ?? { imageUses: [], modelCandidates: { commands: [], secrets: [] } };
      if (images) images.request(uri, inputs.imageUses);
      if (useModel) this.askModel(uri, inputs.modelCandidates, effective.modelPaths);
      const elapsed = performance.now() - started;
      this.lastAnalysisMs = Math.round(elapsed * 10) / 10;
      this.lastAnalysisAt = new Date().toISOString();
      if (elapsed > SLOW_ANALYSIS_MS) {
        this.logOnce(`slow:${uri}`, `Analysing ${fileNameOf(uri)} took ${Math.round(elapsed)} ms (budget ${SLOW_ANALYSIS_MS} ms).`, 'warning');
      }
      if (!this.isCurrent(uri, generation, version)) return;

      for (const error of result.errors) this.logOnce(`${uri}:${error.rule ?? ''}:${error.message}`, `${fileNameOf(uri)}: ${error.message}`, 'warning');
      const diagnostics: Diagnostic[] = result.findings.map((f) => toDiagnostic(f, version));
      const problem = analysisProblemDiagnostic(result.errors);
      if (problem) diagnostics.unshift(problem);
      this.results.set(uri, { version, findings: result.findings });
      await this.connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (error) {
      // Whatever went wrong, the server stays up and says so once.
      this.logOnce(`run:${uri}:${(error as Error).message}`, `Analysis of ${fileNameOf(uri)} failed: ${(error as Error).stack ?? error}`, 'error');
    } finally {
      this.running--;
      this.notifyStatus();
    }
  }

  /**
   * Scores the commands and values the model has not seen, off the main loop, and analyses the
   * document again when something new was learned. The first diagnostics never wait for it.
   */
  private askModel(uri: string, candidates: ModelCandidates, paths: { cmdRiskPath?: string; secretScorerPath?: string }): void {
    if (candidates.commands.length === 0 && candidates.secrets.length === 0) return;
    this.modelHost ??= new ModelHost({
      ...paths,
      log: (line) => this.logOnce(`model:${line}`, `Model: ${line}`, 'warning'),
    });
    const host = this.modelHost;
    const before = host.status().state;
    void this.predictions.fill(host, uri, candidates).then(
      (learned) => {
        if (host.status().state !== before) this.notifyStatus();
        const document = this.documents.get(uri);
        if (learned && document) this.schedule(document, true);
      },
      (error: Error) => this.logOnce(`model-error:${error.message}`, `Model: ${error.message}`, 'warning'),
    );
  }

  /** Whether the user opted in to recording marked model findings for `uri`'s folder. */
  async feedbackEnabled(uri: string): Promise<boolean> {
    const effective = await this.configFor(uri);
    return effective?.modelFeedback === true;
  }

  /** Image scans start with the first analysis that may use the network. */
  private scans(): ImageScans {
    this.imageScans ??= new ImageScans(
      this.storageDir,
      (uris) => {
        for (const uri of uris) {
          const document = this.documents.get(uri);
          if (document) this.schedule(document, true);
        }
      },
      (message) => this.logOnce(`images:${message}`, message, 'info'),
      {
        // The client answers from SecretStorage, and only in a trusted workspace; secrets never reach the log.
        get: async (registry) => {
          if (!this.trusted) return undefined;
          const answer = await this.connection.sendRequest<{ username?: string; password?: string } | null>(CREDENTIALS_REQUEST, { registry }).catch(() => null);
          return answer?.username && answer.password ? { username: answer.username, password: answer.password } : undefined;
        },
      },
    );
    return this.imageScans;
  }

  notifyStatus(): void {
    void this.connection.sendNotification(STATUS_NOTIFICATION, this.status());
  }

  logOnce(key: string, message: string, level: 'info' | 'warning' | 'error' = 'info'): void {
    if (this.logged.has(key)) return;
    if (this.logged.size > 5000) this.logged.clear();
    this.logged.add(key);
    const console = this.connection.console;
    if (level === 'error') console.error(message);
    else if (level === 'warning') console.warn(message);
    else console.info(message);
  }
}

/** File name the rules see: the fs path for files, the URI's last segment otherwise. */
export function fileNameOf(uri: string): string {
  const path = uriToPath(uri);
  if (path) return path;
  const last = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1).replace(/^untitled:/, ''));
  return last || 'Dockerfile';
}

/** `Dockerfile.dockerignore` matches the `Dockerfile.*` pattern but is an ignore file, not a Dockerfile. */
function isIgnoredFile(uri: string): boolean {
  return /\.dockerignore$/i.test(uri);
}
