/**
 * Runs the analysis for open documents: one queue for all of them with at most one analysis per document (the
 * latest version wins), published when the document's debounce delay has passed. An analysis runs in slices of a
 * few milliseconds between which the event loop serves hovers, code actions and newer changes: a stale analysis (its
 * document changed again, or closed) is abandoned at the next slice, and a newer edit of a smaller file pre-empts a
 * long one (see `nextJob`). A small document's edit is analysed at once, ahead of its debounce, and its result held
 * until the delay has passed (see `schedule`). A result is published only if the document is still at the version
 * it was computed for; the latest findings are kept per document for hovers and code actions. In idle time the
 * server warms its analysis up on built-in samples (`warmUp`, lsp/warmUp.ts), then rehearses typing into each newly
 * opened document (`startRehearsal`).
 */
import { performance } from 'node:perf_hooks';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver';
import { analysisSteps, analyzeDocument, DEFAULT_DOCUMENT_BUDGET_MS, DEFAULT_RULE_BUDGET_MS } from '../core/engine';
import { runToEnd } from '../core/steps';
import type { Rule } from '../core/rule';
import { modelTestFaults, rulesWithTestFaults } from '../testFaults';
import { ImageScans } from './imageScans';
import { ModelHost } from '../model/host';
import { PredictionCache } from '../modelPredictions';
import type { ModelCandidates } from '../core/model/candidates';
import type { AnalysisError, Finding } from '../core/findings';
import type { ImageUse } from '../core/images/references';
import type { AdvisoryPort, ImageFacts, ImageFactsProvider } from '../core/images/facts';
import type { ProjectFacts } from '../core/rule';
import type { ShellParser } from '../core/documents/shell';
import type { DockerfileModel } from '../core/documents/dockerfile';
import { rememberInstructionLines } from '../core/ignoreComments';
import { allRules } from '../core/rules';
import { loadShellParser } from '../shellParserLoader';
import { todayIso } from '../clock';
import { analysisProblemDiagnostic, toDiagnostic } from './diagnostics';
import { SettingsCache, effectiveConfig, DEFAULT_DEBOUNCE_MS, type DrydockSettings, type EffectiveConfig } from './settings';
import { NO_PEERS, splitForPeers, type Peers } from './coexistence';
import { WorkspaceFiles, uriToPath } from './workspaceFiles';
import { FIRST_USE_SAMPLES, REHEARSAL_BUDGET_MS, WARM_UP_BUDGET_MS, WARM_UP_URIS, rehearsalSteps, rehearsalUri, warmUpSteps, type WarmUpSample } from './warmUp';
import { yieldToMessages } from './incomingMessages';

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
  /** The last "Scan Workspace" (lsp/workspaceScan.ts). */
  workspace: WorkspaceScanStatus;
  /** Neighbours the editor leaves findings to (lsp/coexistence.ts). */
  peers: Peers;
  /** The server process: a new pid means the client restarted it (the e2e tests assert it does not on bad input). */
  pid: number;
  /** Open documents waiting for their debounce or their turn in the analysis queue, or being analysed. */
  pending: number;
  /**
   * The analysis warming up in idle time (lsp/warmUp.ts): on built-in samples once, then on each newly opened
   * document (`running` again while it does).
   */
  warmUp: 'pending' | 'running' | 'done';
}

export interface WorkspaceScanStatus {
  state: 'never' | 'running' | 'done' | 'cancelled';
  /** When the last scan finished. */
  finishedAt?: string;
  /** Files the last scan analysed (open ones included). */
  files?: number;
}

export interface DocumentResult {
  version: number;
  /** What was published. */
  findings: Finding[];
  /** Findings another extension reports in the editor (counted in the report, never published). */
  leftToPeers: Finding[];
  /** Image references of the document, when the network is on (the report's image section). */
  imageUses: readonly ImageUse[];
}

/** What the validator needs to analyse one document, resolved once per run. */
export interface AnalysisContext {
  effective: EffectiveConfig;
  settings: DrydockSettings;
  project: ProjectFacts;
}

/** One analysis as the editor shows it: findings split for the neighbours, errors folded into one diagnostic. */
export interface EditorAnalysis {
  findings: Finding[];
  leftToPeers: Finding[];
  errors: AnalysisError[];
  imageUses: readonly ImageUse[];
  diagnostics: (version: number | undefined) => Diagnostic[];
  /** Time budgets shaped the result (a rule overran, or rules were not run): analysing the same text again may differ. */
  budgetBound: boolean;
  /**
   * What the analysis asks for once it is shown: image scans and model scoring of what it found, its problems in the
   * log, the status's timing. Runs once; an analysis computed ahead of its debounce and then dropped asks for nothing.
   */
  settle: () => void;
}

/** An analysis with what it was computed from: the document's text, the validator's inputs epoch, the day. */
interface AnalysedText {
  text: string;
  languageId: string;
  epoch: number;
  today: string;
  analysis: EditorAnalysis;
}

export const STATUS_NOTIFICATION = 'drydock/statusChanged';
/** Server → client: registry credentials the user stored with "Drydock: Sign in to Registry". */
export const CREDENTIALS_REQUEST = 'drydock/registryCredentials';
/** One analysis above this is worth a line in the output: typing would feel it. */
const SLOW_ANALYSIS_MS = 500;
/** An analysis runs this long at most before the event loop serves other messages (it may then be pre-empted). */
const SLICE_MS = 4;
/** Documents up to this many characters are "small": their analyses go before those of larger ones. */
const SMALL_DOCUMENT_CHARS = 64 * 1024;

/** The analysis of one open document, queued or under way: at most one per document, for its latest version. */
interface Job {
  uri: string;
  /** The document's generation it was scheduled for; any newer change or a close makes it stale. */
  generation: number;
  /**
   * The debounce delay has passed: publish the result. False for an analysis run ahead of the delay, whose result is
   * held (`ahead`) until the delay's timer turns it into a published one.
   */
  publish: boolean;
  /** A user's edit or open (false: a background re-analysis after settings, a model or an image scan). */
  edit: boolean;
  /** Order of the change that asked for it: the highest is the document the user is typing in. */
  changeSeq: number;
  /** Started: the document version and text analysed, the inputs epoch and day it started with, the paused analysis. */
  version?: number;
  text?: string;
  epoch?: number;
  today?: string;
  steps?: Generator<void, EditorAnalysis, void>;
  /** Milliseconds the analysis has run so far (its budgets count running time only, not waiting). */
  activeMs: number;
  sliceStart: number;
}

export class Validator {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Documents whose debounce delay is being looked up (their settings). */
  private readonly waiting = new Map<string, number>();
  /** Incremented per scheduled run; a run that is not the latest for its document stops. */
  private readonly generation = new Map<string, number>();
  private readonly results = new Map<string, DocumentResult>();
  /** The last published analysis of each open document and what it was computed from (see `reusable`). */
  private readonly lastAnalysis = new Map<string, AnalysedText>();
  /** An analysis completed ahead of its document's debounce delay, not yet published (see `schedule`). */
  private readonly ahead = new Map<string, AnalysedText>();
  /**
   * Counts the changes besides a document's text that can change its findings: settings, trust, neighbours, model
   * predictions, image scans — each arrives as a background re-analysis (`schedule` with `edit` false).
   */
  private inputsEpoch = 0;
  private readonly logged = new Set<string>();
  private shellParser: ShellParser | undefined;
  private shellParserState: ServerStatus['shellParser'] = 'loading';
  private shellParserReady: Promise<void>;
  private shellParserError: Error | undefined;
  private lastAnalysisMs: number | null = null;
  private lastAnalysisAt: string | null = null;
  private warmUpState: ServerStatus['warmUp'] = 'pending';
  /** The idle-time warm-up under way: run by the queue when no analysis waits (`warmUpSlice`). */
  private warmingUp: WarmingUp | undefined;
  /** Open documents whose typing has been rehearsed, or is about to be (`startRehearsal`); forgotten as they close. */
  private readonly rehearsed = new Set<string>();
  /** A rehearsal's contexts are being looked up: one rehearsal is prepared at a time. */
  private preparingRehearsal = false;
  /** Analyses waiting or under way, by document. */
  private readonly jobs = new Map<string, Job>();
  private pumping = false;
  private changeSeq = 0;
  private readonly lastChange = new Map<string, number>();
  private toldAboutRestrictions = false;
  trusted = true;
  /** Where the extension keeps caches (globalStorageUri); undefined for plain LSP clients. */
  storageDir: string | undefined;
  private imageScans: ImageScans | undefined;
  private modelHost: ModelHost | undefined;
  private modelEnabled = true;
  readonly predictions = new PredictionCache();
  peers: Peers = NO_PEERS;
  /** Status of the workspace scan, when one is wired (connection.ts). */
  workspaceStatus: () => WorkspaceScanStatus = () => ({ state: 'never' });
  /**
   * Called when a closed file's results may have changed (its image was scanned, the model scored
   * its commands): the workspace scan analyses it again from disk.
   */
  onClosedFileChanged: (uris: string[]) => void = () => undefined;
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
        this.shellParserError = error;
        this.logOnce(`shell-parser`, `Shell parser could not be loaded; RUN commands are analysed without it: ${error.message}`, 'warning');
      },
    );
  }

  status(): ServerStatus {
    return {
      ruleCount: allRules.length,
      lastAnalysisMs: this.lastAnalysisMs,
      lastAnalysisAt: this.lastAnalysisAt,
      state: this.shellParserState === 'loading' ? 'starting' : this.jobs.size > 0 ? 'analysing' : 'ready',
      restricted: !this.trusted,
      shellParser: this.shellParserState,
      model: this.modelHost ? { state: this.modelHost.status().state, reason: this.modelHost.status().reason } : { state: this.modelEnabled ? 'not-started' : 'disabled' },
      workspace: this.workspaceStatus(),
      peers: this.peers,
      pid: process.pid,
      pending: new Set([...this.timers.keys(), ...this.jobs.keys(), ...this.waiting]).size,
      warmUp: this.warmUpState,
    };
  }

  /**
   * Runs the analysis once on three small documents before the first real one arrives (first-use work: lazy modules,
   * regular expressions), then warms it up on larger samples whenever the queue has nothing else (lsp/warmUp.ts,
   * `warmUpSlice`).
   */
  async warmUp(): Promise<void> {
    await this.shellParserReady;
    const contexts = new Map<string, AnalysisContext | undefined>();
    for (const uri of Object.values(WARM_UP_URIS)) contexts.set(uri, await this.context(uri));
    const analyse = (sample: WarmUpSample) => this.analysingSample(sample, contexts.get(sample.uri));
    try {
      for (const sample of FIRST_USE_SAMPLES) runToEnd(analyse(sample));
    } catch {
      // The warm-up is an optimisation; the real run reports any problem.
    }
    this.warmingUp = { steps: warmUpSteps(analyse), activeMs: 0, budgetMs: WARM_UP_BUDGET_MS, uris: Object.values(WARM_UP_URIS) };
    this.warmUpState = 'running';
    this.notifyStatus();
    void this.pump();
  }

  /** A warm-up sample analysed as a document: the real rules (not the test's faulty ones), the diagnostics built. */
  private *analysingSample(sample: WarmUpSample, context: AnalysisContext | undefined): Generator<void, void, void> {
    if (!context) return;
    const analysis = yield* this.analysing(sample.uri, sample.text, sample.languageId, context, () => performance.now(), allRules);
    analysis.diagnostics(1);
  }

  /**
   * Once the samples are done, starts a rehearsal of typing into the open documents that have not had one
   * (lsp/warmUp.ts, `rehearsalSteps`): those small enough to be analysed on every keystroke, with a published result
   * (Drydock analyses them). Their contexts are looked up first; the rehearsal then runs from the queue's idle turns.
   */
  private startRehearsal(): void {
    if (this.warmUpState !== 'done' || this.preparingRehearsal) return;
    const documents = this.documents
      .all()
      .filter((d) => !this.rehearsed.has(d.uri) && this.results.has(d.uri) && d.getText().length <= SMALL_DOCUMENT_CHARS);
    if (documents.length === 0) return;
    for (const document of documents) this.rehearsed.add(document.uri);
    this.preparingRehearsal = true;
    void (async () => {
      const contexts = new Map<string, AnalysisContext | undefined>();
      const samples = documents.map((document, n) => ({ uri: rehearsalUri(document.uri, n), text: document.getText(), languageId: document.languageId }));
      try {
        for (const [n, document] of documents.entries()) contexts.set(samples[n].uri, await this.context(document.uri).catch(() => undefined));
      } finally {
        this.preparingRehearsal = false;
      }
      const steps = rehearsalSteps(samples, (sample) => this.analysingSample(sample, contexts.get(sample.uri)));
      this.warmingUp = { steps, activeMs: 0, budgetMs: REHEARSAL_BUDGET_MS, uris: samples.map((s) => s.uri) };
      this.warmUpState = 'running';
      this.notifyStatus();
      void this.pump();
    })();
  }

  /**
   * One slice of the warm-up, the queue's lowest-priority work (`pump`); false when there is none left. It ends when
   * its steps do or after its budget of running time.
   */
  private warmUpSlice(): boolean {
    const warming = this.warmingUp;
    if (!warming) {
      this.startRehearsal();
      return false;
    }
    const started = performance.now();
    let done: boolean;
    try {
      done = runSlice(warming.steps).done === true;
    } catch {
      // The warm-up is an optimisation: a sample that fails ends it, and the real documents report any problem.
      done = true;
    }
    warming.activeMs += performance.now() - started;
    if (done || warming.activeMs > warming.budgetMs) {
      warming.steps.return();
      this.warmingUp = undefined;
      for (const uri of warming.uris) this.slowRules.delete(uri);
      this.warmUpState = 'done';
      this.notifyStatus();
    }
    return true;
  }

  resultFor(uri: string): DocumentResult | undefined {
    return this.results.get(uri);
  }

  /**
   * Schedules analysis of `document`; `immediate` skips the debounce (document just opened). `edit`: the user
   * changed or opened it (false: a background re-analysis, which waits behind every edit).
   *
   * The debounce delays what the user sees, not the work: a small document's analysis starts at once and its result
   * is held until the delay has passed, so the diagnostics come when the delay ends, not one analysis (or a queue of
   * them, after a change to many files) later. A newer keystroke abandons the held or running analysis at its next
   * slice. (Waiting for a quiet third of the delay first, as an earlier version did, saved the analyses a fast typist's
   * keystrokes abandon, but a burst of edits to ten files then had 50 ms less for ten analyses and missed the delay;
   * the code actions asked for meanwhile also found the new text unparsed.) A large document (over
   * SMALL_DOCUMENT_CHARS) waits for the whole delay: its analysis costs too much to spend on every keystroke.
   */
  schedule(document: TextDocument, immediate = false, edit = true): void {
    const uri = document.uri;
    const generation = (this.generation.get(uri) ?? 0) + 1;
    this.generation.set(uri, generation);
    if (edit) this.lastChange.set(uri, ++this.changeSeq);
    else this.inputsEpoch++;
    this.ahead.delete(uri);
    this.clearTimers(uri);
    const job = (publish: boolean): Job => ({ uri, generation, publish, edit, changeSeq: this.lastChange.get(uri) ?? 0, activeMs: 0, sliceStart: 0 });
    const start = (delay: number) => {
      if (this.waiting.get(uri) === generation) this.waiting.delete(uri);
      if (this.generation.get(uri) !== generation) return;
      const timer = setTimeout(() => {
        this.timers.delete(uri);
        const running = this.jobs.get(uri);
        if (running?.generation === generation) {
          running.publish = true;
          void this.pump();
        } else this.enqueue(job(true));
      }, delay);
      this.timers.set(uri, timer);
      if (edit && delay > 0 && document.getText().length <= SMALL_DOCUMENT_CHARS) this.enqueue(job(false));
    };
    if (immediate) start(0);
    else {
      this.waiting.set(uri, generation);
      void this.settings.get(uri).then((s) => start(s.diagnostics.delay), () => start(DEFAULT_DEBOUNCE_MS));
    }
  }

  private clearTimers(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  revalidateAll(): void {
    for (const document of this.documents.all()) this.schedule(document, true, false);
  }

  /** Forgets a closed document; `clear` also withdraws its diagnostics (false: the workspace scan publishes the file's state on disk). */
  close(uri: string, clear = true): void {
    this.clearTimers(uri);
    this.waiting.delete(uri);
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    this.lastChange.delete(uri);
    this.drop(uri);
    this.results.delete(uri);
    this.lastAnalysis.delete(uri);
    this.ahead.delete(uri);
    this.slowRules.delete(uri);
    this.rehearsed.delete(uri);
    if (clear) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Results of the open documents (the report's share of them). */
  openResults(): IterableIterator<[string, DocumentResult]> {
    return this.results.entries();
  }

  /** Analysis for a document as it is now, without publishing (used by fix-all on a stale result). */
  analyseNow(document: TextDocument): Promise<Finding[]> {
    return this.analyseText(document, document.getText());
  }

  /** Analysis of `text` as if it were the content of `document` (fix-all's later passes), without publishing. */
  async analyseText(document: Pick<TextDocument, 'uri' | 'languageId'>, text: string): Promise<Finding[]> {
    const context = await this.context(document.uri);
    if (!context) return [];
    const result = analyzeDocument({ fileName: fileNameOf(document.uri), text, languageId: document.languageId }, context.effective.config, {
      shellParser: this.shellParser,
      project: context.project,
      today: todayIso(),
      rules: this.rules,
      budgets: this.budgetsFor(document.uri),
    });
    // Fix-all never touches what the editor leaves to a neighbour: the user cannot see our finding there.
    return splitForPeers(document, result.findings, [], this.peers, context.settings.coexistence).shown;
  }

  /** Config, settings and project facts for `uri`; undefined when Drydock is off for it. Waits for the shell parser. */
  async context(uri: string): Promise<AnalysisContext | undefined> {
    const effective = await this.configFor(uri);
    if (!effective || isIgnoredFile(uri)) return undefined;
    const settings = await this.settings.get(uri);
    const project = await this.files.projectFactsFor(uri);
    await this.shellParserReady;
    return { effective, settings, project };
  }

  /**
   * Analyses `text` as `uri` the way the editor shows it: background image scans and model scoring
   * requested (each analyses the file again when done), findings split for the neighbours.
   */
  analyse(uri: string, text: string, languageId: string | undefined, context: AnalysisContext): EditorAnalysis {
    const analysis = runToEnd(this.analysing(uri, text, languageId, context, () => performance.now()));
    analysis.settle();
    return analysis;
  }

  /**
   * `analyse` one step at a time (the engine's `analysisSteps`): the queue runs it in slices and abandons it with
   * `return()` when it became stale. `clock` counts the analysis's own running time (its budgets and the status).
   */
  private *analysing(uri: string, text: string, languageId: string | undefined, context: AnalysisContext, clock: () => number, rules = this.rules): Generator<void, EditorAnalysis, void> {
    const { effective } = context;
    const started = clock();
    const images = effective.config.network.enabled ? this.scans() : undefined;
    images?.setInsecureRegistries(effective.insecureRegistries);
    const useModel = effective.config.model.enabled && effective.modelEnabled;
    this.modelEnabled = useModel;
    const open = this.documents.get(uri) !== undefined;
    const result = yield* analysisSteps({ fileName: fileNameOf(uri), text, languageId }, effective.config, {
      shellParser: this.shellParser,
      project: context.project,
      today: todayIso(),
      images: images?.provider,
      advisories: images?.advisories,
      predictions: useModel ? this.predictions.port : undefined,
      collectInputs: images !== undefined || useModel,
      rules,
      budgets: this.budgetsFor(uri, clock),
      cacheParses: open,
      parseOwner: uri,
      // Code actions on an open document's text then place "ignore for this line" comments without parsing it again.
      onParsed: (kind, model) => {
        if (open && kind === 'dockerfile') rememberInstructionLines(model as DockerfileModel);
      },
    });
    for (const overrun of result.overruns ?? []) {
      let slow = this.slowRules.get(uri);
      if (!slow) this.slowRules.set(uri, (slow = new Set()));
      slow.add(overrun.rule);
    }
    const inputs = result.inputs ?? { imageUses: [], modelCandidates: { commands: [], secrets: [] } };
    const elapsed = clock() - started;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      if (images) images.request(uri, inputs.imageUses);
      if (useModel) this.askModel(uri, inputs.modelCandidates, effective.modelPaths);
      this.lastAnalysisMs = Math.round(elapsed * 10) / 10;
      this.lastAnalysisAt = new Date().toISOString();
      if (elapsed > SLOW_ANALYSIS_MS) {
        this.logOnce(`slow:${uri}`, `Analysing ${fileNameOf(uri)} took ${Math.round(elapsed)} ms (budget ${SLOW_ANALYSIS_MS} ms).`, 'warning');
      }
      for (const error of result.errors) this.logOnce(`${uri}:${error.rule ?? ''}:${error.message}`, `${fileNameOf(uri)}: ${error.message}`, 'warning');
    };
    const split = splitForPeers({ uri, languageId }, result.findings, result.errors, this.peers, context.settings.coexistence);
    return {
      findings: split.shown,
      leftToPeers: split.leftToPeers,
      errors: split.errors,
      imageUses: images ? inputs.imageUses : [],
      budgetBound: (result.overruns?.length ?? 0) > 0 || (result.rulesNotRun ?? 0) > 0,
      settle,
      diagnostics: (version) => {
        const diagnostics: Diagnostic[] = split.shown.map((f) => toDiagnostic(f, version ?? -1));
        const problem = analysisProblemDiagnostic(split.errors);
        if (problem) diagnostics.unshift(problem);
        return diagnostics;
      },
    };
  }

  /** The shell parser once its load settled, or why it could not be loaded. */
  async loadedShellParser(): Promise<{ parser?: ShellParser; error?: Error }> {
    await this.shellParserReady;
    return { parser: this.shellParser, error: this.shellParserError };
  }

  /** What the background image scans learned so far, as the CLI's `--online` hands it to the analysis. */
  imageLookups(): { images?: ImageFactsProvider; advisories?: AdvisoryPort } {
    return this.imageScans ? { images: this.imageScans.provider, advisories: this.imageScans.advisories } : {};
  }

  /** Facts of the completed image scans for `uses` (the report); empty while the network is off. */
  imageFacts(uses: Iterable<ImageUse>): { facts: ImageFacts[]; pending: number } {
    if (!this.imageScans) return { facts: [], pending: 0 };
    const facts: ImageFacts[] = [];
    let pending = 0;
    for (const use of uses) {
      const found = this.imageScans.provider.get(use.ref, use.platform);
      if (found) facts.push(found);
      else pending++;
    }
    return { facts, pending };
  }

  /** Whether image scanning is on for `uri` (the user's setting in a trusted workspace). */
  async networkEnabled(uri: string): Promise<boolean> {
    return (await this.configFor(uri))?.config.network.enabled === true;
  }

  private budgetsFor(uri: string, clock: () => number = () => performance.now()) {
    return { clock, ruleMs: DEFAULT_RULE_BUDGET_MS, documentMs: DEFAULT_DOCUMENT_BUDGET_MS, skipRules: this.slowRules.get(uri) };
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

  /** Queues `job`, replacing (and abandoning) an older analysis of the same document. */
  private enqueue(job: Job): void {
    if (this.generation.get(job.uri) !== job.generation) return;
    this.drop(job.uri);
    this.jobs.set(job.uri, job);
    void this.pump();
  }

  /** Abandons the queued or paused analysis of `uri`, if any: it is never published. */
  private drop(uri: string): void {
    const job = this.jobs.get(uri);
    if (!job) return;
    this.jobs.delete(uri);
    job.steps?.return(undefined as never);
  }

  private isStale(job: Job): boolean {
    if (this.generation.get(job.uri) !== job.generation) return true;
    const document = this.documents.get(job.uri);
    return !document || (job.version !== undefined && document.version !== job.version);
  }

  /**
   * The next analysis to run a slice of, stale ones dropped on the way. Order: the user's edits before background
   * re-analyses; small documents before large ones (a 5,000-line manifest never holds back a Dockerfile's
   * diagnostics); analyses whose debounce has passed before those run ahead of it (see `schedule`); then the most
   * recently changed document first (the one the user is typing in).
   */
  private nextJob(): Job | undefined {
    let best: Job | undefined;
    let bestKey: number[] = [];
    for (const job of [...this.jobs.values()]) {
      if (this.isStale(job)) {
        this.drop(job.uri);
        continue;
      }
      const size = this.documents.get(job.uri)?.getText().length ?? 0;
      const key = [job.edit ? 0 : 1, size <= SMALL_DOCUMENT_CHARS ? 0 : 1, job.publish ? 0 : 1, -job.changeSeq];
      if (!best || compareKeys(key, bestKey) < 0) {
        best = job;
        bestKey = key;
      }
    }
    return best;
  }

  /**
   * Runs the queue: a slice of the most urgent analysis (or, when none waits, of the warm-up), then the event loop,
   * until nothing is left.
   */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const job = this.nextJob();
        if (job) await this.advance(job);
        else if (!this.warmUpSlice()) break;
        // Every message that came in during the slice is handled before the next one: a didChange makes the
        // analysis stale (it must not be published), a hover should not wait behind the slices.
        await yieldToMessages();
      }
    } finally {
      this.pumping = false;
      this.notifyStatus();
    }
  }

  /** Starts `job` (its context) or runs one slice of it; publishes when it completes on a current version. */
  private async advance(job: Job): Promise<void> {
    const { uri } = job;
    try {
      if (!job.steps) {
        const context = await this.context(uri);
        const document = this.documents.get(uri);
        if (this.jobs.get(uri) !== job || this.isStale(job) || !document) return;
        if (!context) {
          this.jobs.delete(uri);
          this.results.delete(uri);
          await this.connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
          return;
        }
        job.version = document.version;
        job.text = document.getText();
        job.epoch = this.inputsEpoch;
        job.today = todayIso();
        const same = this.reusable(uri, job.text, document.languageId);
        if (same) {
          // Analysed ahead of the debounce, or an undo (a change that put back the text last published): nothing the
          // analysis reads has changed. Ahead of the debounce there is nothing to do until the delay has passed.
          this.jobs.delete(uri);
          if (job.publish) await this.publish(uri, document.version, same);
          return;
        }
        job.steps = this.analysing(uri, job.text, document.languageId, context, () => job.activeMs + (performance.now() - job.sliceStart));
        this.notifyStatus();
      }
      job.sliceStart = performance.now();
      const step = runSlice(job.steps);
      job.activeMs += performance.now() - job.sliceStart;
      if (!step.done) return;
      this.jobs.delete(uri);
      if (this.isStale(job)) return;
      const analysis = step.value;
      const languageId = this.documents.get(uri)?.languageId ?? '';
      const analysed = { text: job.text!, languageId, epoch: job.epoch!, today: job.today!, analysis };
      if (job.publish) await this.publish(uri, job.version!, analysed);
      else this.ahead.set(uri, analysed);
    } catch (error) {
      // Whatever went wrong, the server stays up and says so once.
      if (this.jobs.get(uri) === job) this.drop(uri);
      this.logOnce(`run:${uri}:${(error as Error).message}`, `Analysis of ${fileNameOf(uri)} failed: ${(error as Error).stack ?? error}`, 'error');
    }
  }

  /** Publishes `analysed` for `version`; it becomes the analysis an undo can reuse. */
  private async publish(uri: string, version: number, analysed: AnalysedText): Promise<void> {
    const { analysis } = analysed;
    this.lastAnalysis.set(uri, analysed);
    this.ahead.delete(uri);
    analysis.settle();
    this.results.set(uri, { version, findings: analysis.findings, leftToPeers: analysis.leftToPeers, imageUses: analysis.imageUses });
    await this.connection.sendDiagnostics({ uri, version, diagnostics: analysis.diagnostics(version) });
    this.notifyStatus();
  }

  /**
   * The analysis of `uri` held ahead of its debounce, or the last published one, when it was computed from this very
   * text and nothing else it reads has changed since (no background re-analysis, same day, no rule over its budget —
   * that would be skipped next time, with a notice).
   */
  private reusable(uri: string, text: string, languageId: string): AnalysedText | undefined {
    for (const last of [this.ahead.get(uri), this.lastAnalysis.get(uri)]) {
      if (!last || last.text !== text || last.languageId !== languageId) continue;
      if (last.epoch !== this.inputsEpoch || last.today !== todayIso() || last.analysis.budgetBound) continue;
      return last;
    }
    return undefined;
  }

  /** Analyses again the documents of `uris`: open ones from their buffer, closed ones (workspace scan) from disk. */
  reanalyse(uris: Iterable<string>): void {
    const closed: string[] = [];
    for (const uri of uris) {
      const document = this.documents.get(uri);
      if (document) this.schedule(document, true, false);
      else closed.push(uri);
    }
    if (closed.length > 0) this.onClosedFileChanged(closed);
  }

  /**
   * Scores the commands and values the model has not seen, off the main loop, and analyses the
   * document again when something new was learned. The first diagnostics never wait for it.
   */
  private askModel(uri: string, candidates: ModelCandidates, paths: { cmdRiskPath?: string; secretScorerPath?: string }): void {
    if (candidates.commands.length === 0 && candidates.secrets.length === 0) return;
    this.modelHost ??= new ModelHost({
      ...paths,
      ...modelTestFaults(),
      log: (line) => this.logOnce(`model:${line}`, `Model: ${line}`, 'warning'),
    });
    const host = this.modelHost;
    const before = host.status().state;
    void this.predictions.fill(host, uri, candidates).then(
      (learned) => {
        if (host.status().state !== before) this.notifyStatus();
        if (learned) this.reanalyse([uri]);
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
      (uris) => this.reanalyse(uris),
      (message) => this.logOnce(`images:${message}`, message, 'info'),
      {
        // The client answers from SecretStorage, and only in a trusted workspace; secrets never reach the log.
        get: async (registry) => {
          if (!this.trusted) return undefined;
          const answer = await this.connection.sendRequest<{ username?: string; password?: string } | null>(CREDENTIALS_REQUEST, { registry }).catch(() => null);
          return answer?.username && answer.password ? { username: answer.username, password: answer.password } : undefined;
        },
      },
      (message) => {
        this.logOnce(`images-warning:${message}`, message, 'warning');
        void this.connection.window.showWarningMessage(message);
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

/** Idle-time work of the warm-up (`warmUpSlice`): its steps, running time so far and budget, the URIs it analyses as. */
interface WarmingUp {
  steps: Generator<void, void, void>;
  activeMs: number;
  budgetMs: number;
  uris: readonly string[];
}

/** Runs `steps` for about SLICE_MS (at least one step); the last step's result. */
function runSlice<T>(steps: Generator<void, T, void>): IteratorResult<void, T> {
  const start = performance.now();
  let step = steps.next();
  while (!step.done && performance.now() - start < SLICE_MS) step = steps.next();
  return step;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** `Dockerfile.dockerignore` matches the `Dockerfile.*` pattern but is an ignore file, not a Dockerfile. */
function isIgnoredFile(uri: string): boolean {
  return /\.dockerignore$/i.test(uri);
}
