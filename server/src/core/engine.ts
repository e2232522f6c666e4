/**
 * The one entry point of the analysis core: text + config in, findings out. The language
 * server and the CLI both call `analyzeDocument`, which is what makes their results identical.
 */
import type { AnalysisError, AnalysisResult, DocumentInputs, Finding, Severity } from './findings';
import { compareFindings } from './findings';
import type { DrydockConfig, RuleConfig } from './config';
import { defaultConfig } from './config';
import type { CandidatesModel, DocumentKind, ImageModel, OffsetFix, ProjectFacts, Report, Rule } from './rule';
import { modelCandidates, type ModelCandidates } from './model/candidates';
import type { ModelPredictions } from './model/predictions';
import { imageUses } from './images/references';
import type { AdvisoryPort, ImageFactsProvider } from './images/facts';
import { detectKind } from './documents/detect';
import { dockerfileSteps, type DockerfileModel } from './documents/dockerfile';
import { MAX_YAML_NESTING, parseYamlFileSteps, releaseYamlFile, yamlNesting, type YamlFile } from './documents/yaml';
import { kubernetesModelOf } from './documents/kubernetes';
import { composeModelOf } from './documents/compose';
import type { ShellParser } from './documents/shell';
import { dockerfileSuppressions, isSuppressed, kubernetesAnnotationSuppressions, yamlCommentSuppressions, type Suppression } from './suppressions';
import { allRules } from './rules';
import { LineIndex } from './text';
import { runToEnd } from './steps';

export interface AnalysisInput {
  /** Path (CLI: as given, workspace-relative; server: fs path of the document). */
  fileName: string;
  text: string;
  /** VS Code language id, when the editor knows it. */
  languageId?: string;
}

export interface AnalysisEnvironment {
  shellParser?: ShellParser;
  project?: ProjectFacts;
  rules?: readonly Rule[];
  /** Today's date (YYYY-MM-DD) for date-dependent rules such as end-of-life; the core has no clock. */
  today?: string;
  /** Registry facts about the document's images (digests, inventories, vulnerabilities), when scanned. */
  images?: ImageFactsProvider;
  /** The local advisory database, when loaded. */
  advisories?: AdvisoryPort;
  /** The on-device model's predictions for this text's candidates, when it ran. */
  predictions?: ModelPredictions;
  /** Also return the document's image references and model candidates (saves the shells a second parse). */
  collectInputs?: boolean;
  /** Time budgets (the language server's; the CLI runs every rule to the end). Without a clock nothing is timed. */
  budgets?: AnalysisBudgets;
  /**
   * Keep this text's YAML documents for the next parse of a similar text (default true: typing re-parses only the
   * document that changed). The language server's workspace scan turns it off: a closed file is not being typed in,
   * and a thousand files' syntax trees would stay in memory for nothing.
   */
  cacheParses?: boolean;
  /**
   * Whose cached parses these are (default: the file name): a parse reuses only its owner's earlier documents. The
   * language server passes the document's URI — untitled documents can share a name.
   */
  parseOwner?: string;
  /** Called with the document's model once it is parsed (the language server keeps what its code actions need). */
  onParsed?: (kind: DocumentKind, model: unknown) => void;
}

/**
 * Time budgets of one analysis. The engine is synchronous, so a rule cannot be interrupted: a rule that overran is
 * reported in `overruns`, and the shell passes it back in `skipRules` for the later analyses of that document
 * (skipped with one notice). When the whole analysis passes `documentMs`, the rules not yet run are skipped for this
 * analysis only (one notice naming how many). The clock comes from the shell: the core has none.
 */
export interface AnalysisBudgets {
  /** Monotonic milliseconds (performance.now). */
  clock: () => number;
  ruleMs: number;
  documentMs: number;
  /** Rules that overran on an earlier analysis of this document: not run, one notice. */
  skipRules?: ReadonlySet<string>;
}

/** The default budgets of the language server: far above what any rule takes on a real file (see `npm run bench`). */
export const DEFAULT_RULE_BUDGET_MS = 500;
export const DEFAULT_DOCUMENT_BUDGET_MS = 5000;

const PSS_RANK = { baseline: 1, restricted: 2 } as const;

/** The PSS level selected by the profiles: 0 none, 1 baseline, 2 restricted. */
export function pssLevelOf(config: DrydockConfig): number {
  if (config.profiles.includes('pss-restricted')) return 2;
  if (config.profiles.includes('pss-baseline')) return 1;
  return 0;
}

/**
 * Rules that run under `config`, with their effective severity. A PSS profile turns on the rules
 * implementing controls of its level (and below) at the configured Kubernetes version, as errors:
 * a namespace enforcing that level would reject the pod. Controls newer than that version do not run.
 */
export function activeRules(config: DrydockConfig, kind: DocumentKind, rules: readonly Rule[] = allRules): { rule: Rule; severity: Severity; fixedSeverity: boolean }[] {
  const strict = config.profiles.includes('strict');
  const pssLevel = pssLevelOf(config);
  const minor = config.kubernetesVersion.minor;
  const active: { rule: Rule; severity: Severity; fixedSeverity: boolean }[] = [];
  for (const rule of rules) {
    // Image and model rules judge what every kind of document has: image references, commands, values.
    if (rule.kind !== kind && rule.kind !== 'image' && rule.kind !== 'model') continue;
    const setting = config.rules[rule.id];
    if (setting?.severity === 'off') continue;
    const controls = rule.pss ?? [];
    const available = controls.filter((c) => (c.since ?? 0) <= minor);
    if (controls.length > 0 && available.length === 0) continue;
    const selected = pssLevel > 0 && available.some((c) => PSS_RANK[c.level] <= pssLevel);
    const enabled = setting?.severity !== undefined || rule.enabledByDefault !== false || strict || selected;
    if (!enabled) continue;
    active.push({ rule, severity: (setting?.severity as Severity | undefined) ?? (selected ? 'error' : rule.severity), fixedSeverity: setting?.severity !== undefined || selected });
  }
  return active;
}

/** A document the engine will not analyse (a limit), with the one-line reason the user sees. */
class Refusal extends Error {}

interface PreparedDocument {
  model: unknown;
  lines: LineIndex;
  suppressions: Suppression[];
  /** Reports about absent fields that must be dropped (Helm templates, Kustomize patches). */
  dropsMissing: (report: Report) => boolean;
  notices: string[];
  /** Gives back what the parse holds from the shared caches (the YAML documents it reused). */
  release: () => void;
}

const NOTHING_HELD = () => undefined;

/** Parses `text` into its kind's model; a Dockerfile's parse yields between its steps (see `dockerfileSteps`). */
function* prepare(kind: DocumentKind, fileName: string, text: string, config: DrydockConfig, env: AnalysisEnvironment): Generator<void, PreparedDocument, void> {
  if (kind === 'dockerfile') {
    const model = yield* dockerfileSteps(text, env.shellParser);
    const notices = model.unparsedShells.map((u) => `RUN at line ${u.instruction.line + 1}: ${u.reason}; its commands were not checked by the shell rules`);
    return { model, lines: model.lines, suppressions: config.inlineSuppressions ? dockerfileSuppressions(model) : [], dropsMissing: () => false, notices, release: NOTHING_HELD };
  }
  const file = yield* parseYamlFileSteps(text, { reuseDocuments: env.cacheParses !== false, hold: true, owner: env.parseOwner ?? fileName });
  let prepared = false;
  try {
    yield;
    const document = yield* prepareYaml(kind, file, config, env);
    prepared = true;
    return document;
  } finally {
    // Abandoned between the parse and the model, or failed: give back the documents the parse held.
    if (!prepared) releaseYamlFile(file);
  }
}

/** The model of a parsed YAML file; it yields after the nesting check and after the model (each a walk of every node). */
function* prepareYaml(kind: DocumentKind, file: YamlFile, config: DrydockConfig, env: AnalysisEnvironment): Generator<void, PreparedDocument, void> {
  const release = () => releaseYamlFile(file);
  if (yamlNesting(file) > MAX_YAML_NESTING) throw new Refusal(`YAML nested more than ${MAX_YAML_NESTING} levels deep; not analysed`);
  yield;
  const notices = yamlNotices(file);
  const comments = config.inlineSuppressions ? yamlCommentSuppressions(file) : [];
  if (kind === 'compose') {
    const model = composeModelOf(file);
    return { model, lines: file.lines, suppressions: comments, dropsMissing: () => file.templateActions.length > 0, notices, release };
  }
  const model = kubernetesModelOf(file);
  yield;
  const partialRanges = model.objects.filter((o) => o.partial).map((o) => o.node.range ?? [0, 0, 0]);
  const wholeFilePartial = file.templateActions.length > 0 || env.project?.kustomizePatch === true;
  if (env.project?.kustomizePatch) notices.push('listed as a patch in kustomization.yaml: findings about missing fields are not reported');
  return {
    model,
    lines: file.lines,
    suppressions: config.inlineSuppressions ? [...comments, ...kubernetesAnnotationSuppressions(model)] : [],
    dropsMissing: (report) => report.missing === true && (wholeFilePartial || partialRanges.some((r) => report.start >= r[0] && report.start < r[2])),
    notices,
    release,
  };
}

const YAML_SYNTAX_NOTICE = 'YAML syntax error';

/** The note about a YAML syntax error (editors with a YAML extension show the error itself). */
export function isYamlSyntaxNotice(error: AnalysisError): boolean {
  return error.rule === undefined && error.message.startsWith(`${YAML_SYNTAX_NOTICE} at line `);
}

/** What the user should know about how a YAML file was read. */
function yamlNotices(file: YamlFile): string[] {
  const notices: string[] = [];
  if (file.problems.length > 0) {
    const first = file.problems[0];
    const position = file.lines.positionAt(first.start);
    const more = file.problems.length > 1 ? ` (and ${file.problems.length - 1} more)` : '';
    notices.push(`${YAML_SYNTAX_NOTICE} at line ${position.line + 1}, column ${position.character + 1}: ${first.message}${more}; the parts that parsed were analysed`);
  }
  if (file.templateActions.length > 0) {
    notices.push('template actions ({{ … }}) were treated as unknown values; findings about missing fields are not reported — scan the rendered output (helm template) for those');
  }
  return notices;
}

export function analyzeDocument(input: AnalysisInput, config: DrydockConfig = defaultConfig(), env: AnalysisEnvironment = {}): AnalysisResult {
  return runToEnd(analysisSteps(input, config, env));
}

/**
 * `analyzeDocument` one step at a time: it yields after the parse and after each rule, so a shell can serve other
 * work between steps (the language server pre-empts a long analysis for a newer, smaller one) or abandon it with
 * `return()` when its text is stale. Run to the end without pausing it is `analyzeDocument` itself: one code path for
 * the CLI and the editor. A paused analysis holds the YAML documents it reused (no other parse moves them); finishing
 * or abandoning it gives them back. With budgets, the clock is the shell's: it should count only the steps' own time.
 */
export function* analysisSteps(input: AnalysisInput, config: DrydockConfig = defaultConfig(), env: AnalysisEnvironment = {}): Generator<void, AnalysisResult, void> {
  const ready = yield* prepareInput(input, config, env);
  if (!ready) return { findings: [], errors: [] };
  if ('error' in ready) return { findings: [], errors: [{ file: input.fileName, message: ready.error }] };
  try {
    return yield* runRules(input, config, env, ready.kind, ready.text, ready.prepared);
  } finally {
    ready.prepared.release();
  }
}

function* runRules(input: AnalysisInput, config: DrydockConfig, env: AnalysisEnvironment, kind: DocumentKind, text: string, prepared: PreparedDocument): Generator<void, AnalysisResult, void> {
  yield;
  const errors: AnalysisError[] = [];
  for (const notice of prepared.notices) errors.push({ file: input.fileName, message: notice });
  const { model, lines, suppressions } = prepared;
  const findings: Finding[] = [];
  let imageModel: ImageModel | undefined;
  let candidatesModel: CandidatesModel | undefined;
  const budgets = env.budgets;
  const began = budgets?.clock();
  const overruns: { rule: string; ms: number }[] = [];
  const skipped: string[] = [];
  let notRun = 0;
  for (const { rule, severity, fixedSeverity } of activeRules(config, kind, env.rules)) {
    if (budgets?.skipRules?.has(rule.id)) {
      skipped.push(rule.id);
      continue;
    }
    if (budgets && began !== undefined && budgets.clock() - began > budgets.documentMs) {
      notRun++;
      continue;
    }
    const ruleStart = budgets?.clock();
    const ruleConfig: RuleConfig = {
      trustedRegistries: config.trustedRegistries,
      options: config.rules[rule.id]?.options,
      kubernetesVersion: config.kubernetesVersion,
      profiles: config.profiles,
    };
    const reports: Report[] = [];
    try {
      const ruleModel =
        rule.kind === 'image'
          ? (imageModel ??= { documentKind: kind, uses: imageUses(kind, model), text })
          : rule.kind === 'model'
            ? (candidatesModel ??= new LazyCandidatesModel(kind, model, text))
            : model;
      rule.check({ model: ruleModel as never, fileName: input.fileName, config: ruleConfig, project: env.project ?? {}, today: env.today, images: env.images, advisories: env.advisories, predictions: env.predictions, report: (r) => reports.push(r) });
    } catch (error) {
      errors.push({ file: input.fileName, rule: rule.id, message: `rule ${rule.id} failed and was skipped: ${(error as Error).message}` });
      continue;
    } finally {
      if (budgets && ruleStart !== undefined) {
        const ms = budgets.clock() - ruleStart;
        if (ms > budgets.ruleMs) overruns.push({ rule: rule.id, ms: Math.round(ms) });
      }
    }
    for (const report of reports) {
      if (prepared.dropsMissing(report)) continue;
      const range = lines.range(report.start, report.end);
      if (isSuppressed(suppressions, rule.id, rule.equivalents, range.start.line)) continue;
      const finding: Finding = {
        rule: rule.id,
        severity: fixedSeverity ? severity : (report.severity ?? severity),
        file: input.fileName,
        range,
        message: redactUrlCredentials(report.message),
        equivalents: rule.equivalents,
        compliance: rule.compliance,
      };
      if (report.evidence !== undefined) finding.evidence = redactUrlCredentials(report.evidence);
      if (report.fixes && report.fixes.length > 0) finding.fixes = report.fixes.map((f) => toFix(f, lines));
      findings.push(finding);
    }
    yield;
  }
  findings.sort(compareFindings);
  if (budgets) {
    if (skipped.length > 0) {
      errors.push({ file: input.fileName, message: `${skipped.join(', ')} skipped for this file: took longer than the ${budgets.ruleMs} ms budget per rule on an earlier analysis (reopen the file to retry)` });
    }
    for (const o of overruns) {
      errors.push({ file: input.fileName, message: `rule ${o.rule} took ${o.ms} ms, above the ${budgets.ruleMs} ms budget per rule; it is skipped for this file from the next analysis on` });
    }
    if (notRun > 0) errors.push({ file: input.fileName, message: `analysis stopped after the ${budgets.documentMs} ms budget per file; ${notRun} rules were not run this time` });
  }
  const result: AnalysisResult = { findings, errors };
  if (overruns.length > 0) result.overruns = overruns;
  if (notRun > 0) result.rulesNotRun = notRun;
  if (!env.collectInputs) return result;
  result.inputs = {
    imageUses: imageModel?.uses ?? imageUses(kind, model),
    modelCandidates: candidatesModel?.candidates ?? modelCandidates(kind, model),
  };
  return result;
}

/**
 * The model rules' view of a document. Its candidates are listed on first use: without predictions (the model off, or
 * not yet answered) every model rule returns before reading them, and listing them cost more than any one rule.
 *
 * A class, not an object literal with a `get candidates()`: V8 (Node 20) kept what such a getter closes over — the
 * whole model of the analysis — alive through the next young-generation collections, so every keystroke's model was
 * promoted to the old generation (about 400 KB per analysis of a 300-line Dockerfile) and left for a full collection.
 */
class LazyCandidatesModel implements CandidatesModel {
  private listed: ModelCandidates | undefined;
  readonly dockerfile: DockerfileModel | undefined;

  constructor(
    readonly documentKind: DocumentKind,
    private readonly model: unknown,
    readonly text: string,
  ) {
    this.dockerfile = documentKind === 'dockerfile' ? (model as DockerfileModel) : undefined;
  }

  get candidates(): ModelCandidates {
    return (this.listed ??= modelCandidates(this.documentKind, this.model));
  }
}

type PreparedInput = { kind: DocumentKind; text: string; prepared: PreparedDocument } | { error: string } | undefined;

/** Detects, refuses (too large, binary) and parses once; undefined for files that are not ours. */
function* prepareInput(input: AnalysisInput, config: DrydockConfig, env: AnalysisEnvironment): Generator<void, PreparedInput, void> {
  const kind = detectKind(input.fileName, input.languageId, input.text);
  if (!kind) return undefined;
  const refusal = refuseToAnalyse(input, config);
  if (refusal) return { error: refusal };
  // A BOM would glue itself to the first keyword; a space keeps every offset where it was.
  const text = input.text.charCodeAt(0) === 0xfeff ? ` ${input.text.slice(1)}` : input.text;
  try {
    const prepared = yield* prepare(kind, input.fileName, text, config, env);
    env.onParsed?.(kind, prepared.model);
    return { kind, text, prepared };
  } catch (error) {
    if (error instanceof Refusal) return { error: error.message };
    const what = kind === 'dockerfile' ? 'the Dockerfile' : 'the YAML';
    return { error: `could not parse ${what}: ${(error as Error).message}` };
  }
}

/**
 * `scheme://user:password@host` → `scheme://user:***@host` in what a finding says: a rule quoting a URL from the
 * document must not copy its password into logs, terminals and SARIF files (the planted-secrets test).
 */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('://') || !text.includes('@')) return text;
  return text.replace(/(\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@'"`]{0,256}:)[^\s/@'"`]{1,1024}@/gi, '$1***@');
}

function toFix(fix: OffsetFix, lines: LineIndex) {
  return {
    title: fix.title,
    edits: fix.edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText })),
    ...(fix.isPreferred ? { isPreferred: true } : {}),
  };
}

/**
 * What a document asks the shells to look up before analysing it again — its image references
 * (registry scan) and the commands and values the model should score — from the same parse as the
 * analysis, so candidate texts (the predictions' keys) are identical. Empty for files that are not
 * ours or cannot be analysed.
 */
export function documentInputs(input: AnalysisInput, config: DrydockConfig = defaultConfig(), env: AnalysisEnvironment = {}): DocumentInputs {
  const ready = runToEnd(prepareInput(input, config, env));
  if (!ready || 'error' in ready) return { imageUses: [], modelCandidates: { commands: [], secrets: [] } };
  const { kind, prepared } = ready;
  try {
    return { imageUses: imageUses(kind, prepared.model), modelCandidates: modelCandidates(kind, prepared.model) };
  } finally {
    prepared.release();
  }
}

/** Why a file is not analysed (too large, binary), or undefined when it is fine. */
export function refuseToAnalyse(input: AnalysisInput, config: DrydockConfig): string | undefined {
  if (input.text.length > config.maxFileSizeBytes) {
    return `file is ${formatBytes(input.text.length)}, above the ${formatBytes(config.maxFileSizeBytes)} limit (maxFileSize); not analysed`;
  }
  const head = input.text.slice(0, 8192);
  if (head.includes('\u0000')) return 'file looks binary (it contains NUL bytes); not analysed';
  return undefined;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
