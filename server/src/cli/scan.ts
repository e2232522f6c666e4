/**
 * `drydock scan`: turns paths into files, finds each file's `.drydock.yaml`, reads the files
 * (IO stays here) and hands their text to the same `analyzeDocument` the language server uses.
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { analyzeDocument, documentInputs } from '../core/engine';
import type { ModelCandidates } from '../core/model/candidates';
import type { ModelPredictions } from '../core/model/predictions';
import type { ImageUse } from '../core/images/references';
import type { AdvisoryPort, ImageFactsProvider } from '../core/images/facts';
import { defaultConfig, parseConfigText, type DrydockConfig } from '../core/config';
import { detectYamlKind, isComposeName, isDockerfileName, isYamlOrJsonName } from '../core/documents/detect';
import type { AnalysisError, Finding } from '../core/findings';
import { compareFindings } from '../core/findings';
import type { ShellParser } from '../core/documents/shell';
import { GlobSet } from '../core/glob';
import { projectFactsFor } from '../projectFacts';
import { todayIso } from '../clock';
import { UsageError } from './args';

export const CONFIG_FILE_NAMES = ['.drydock.yaml', '.drydock.yml'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export interface LoadedConfig {
  config: DrydockConfig;
  /** Config file path, absent for the built-in defaults. */
  path?: string;
  /** Folder `ignorePaths` are relative to. */
  root: string;
  ignore: GlobSet;
}

export interface ScanRequest {
  paths: string[];
  configFile?: string;
  cwd: string;
  shellParser?: ShellParser;
  /** Registry facts from an `--online` scan of the documents' images. */
  images?: ImageFactsProvider;
  /** The advisory database, when `--online` or `--db` loaded one. */
  advisories?: AdvisoryPort;
  /** The on-device model's predictions, when it ran (the default; `--no-model` turns it off). */
  predictions?: ModelPredictions;
}

export interface ScanResult {
  findings: Finding[];
  errors: AnalysisError[];
  /** Text of every analysed file by its reported (cwd-relative) path, for SARIF fingerprints. */
  texts: Map<string, string>;
  filesScanned: number;
  /** Human-readable warnings for stderr (config problems). */
  warnings: string[];
}

/** Path as reported: relative to cwd, forward slashes. */
export function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

export class ConfigResolver {
  private readonly byFolder = new Map<string, LoadedConfig>();
  /** Set by --config: one config for every file. */
  private readonly fixed?: LoadedConfig;
  readonly errors: AnalysisError[] = [];
  readonly warnings: string[] = [];

  constructor(
    private readonly cwd: string,
    explicitFile?: string,
  ) {
    if (explicitFile !== undefined) {
      const path = resolve(cwd, explicitFile);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read config file ${explicitFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      // An explicit config (often kept in a CI folder) applies its ignorePaths from where drydock runs.
      this.fixed = { ...this.load(path, text), root: cwd };
    }
  }

  /** The config that applies to files in `folder` (absolute). */
  forFolder(folder: string): LoadedConfig {
    if (this.fixed) return this.fixed;
    const cached = this.byFolder.get(folder);
    if (cached) return cached;
    let loaded: LoadedConfig | undefined;
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(folder, name);
      let text: string | undefined;
      try {
        if (statSync(candidate).isFile()) text = readFileSync(candidate, 'utf8');
      } catch {
        text = undefined;
      }
      if (text !== undefined) {
        loaded = this.load(candidate, text);
        break;
      }
    }
    if (!loaded) {
      const parent = dirname(folder);
      loaded = parent === folder ? { config: defaultConfig(), root: this.cwd, ignore: new GlobSet([]) } : this.forFolder(parent);
    }
    this.byFolder.set(folder, loaded);
    return loaded;
  }

  private load(path: string, text: string): LoadedConfig {
    const { config, problems } = parseConfigText(text);
    const shown = displayPath(this.cwd, path);
    for (const problem of problems) {
      this.errors.push({ file: shown, message: `configuration: ${problem}` });
      this.warnings.push(`${shown}: configuration: ${problem}`);
    }
    return { config, path, root: dirname(path), ignore: new GlobSet(config.ignorePaths) };
  }

  isIgnored(absolute: string, folderOfConfig: string): boolean {
    const loaded = this.forFolder(folderOfConfig);
    if (loaded.ignore.isEmpty) return false;
    const rel = relative(loaded.root, absolute).split(sep).join('/');
    if (rel.startsWith('../')) return false;
    return loaded.ignore.matches(rel);
  }
}

export interface Target {
  absolute: string;
  /** Given on the command line: analysed whatever its name. */
  explicit: boolean;
}

export function collectTargets(paths: string[], cwd: string, configs: ConfigResolver): Target[] {
  const targets = new Map<string, Target>();
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    let stats: Stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UsageError(`no such file or directory: ${given}`);
    }
    if (stats.isDirectory()) {
      for (const target of walkFolder(absolute, configs)) if (!targets.has(target.absolute)) targets.set(target.absolute, target);
    } else targets.set(absolute, { absolute, explicit: true });
  }
  return sortTargets(targets.values());
}

export function sortTargets(targets: Iterable<Target>): Target[] {
  return [...targets].sort((a, b) => (a.absolute < b.absolute ? -1 : a.absolute > b.absolute ? 1 : 0));
}

/**
 * The files under `folder` that Drydock may analyse, one folder read per step: a generator so the
 * language server can walk a large workspace between other messages and stop when cancelled.
 */
export function* walkFolder(folder: string, configs: ConfigResolver): Generator<Target> {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return; // an unreadable folder has nothing we could analyse; the walk goes on
  }
  for (const entry of entries) {
    const absolute = join(folder, entry.name);
    // Directory symlinks are not followed: they can loop and usually point outside the project.
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name) || configs.isIgnored(absolute, folder)) continue;
      yield* walkFolder(absolute, configs);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isCandidateName(entry.name)) {
      if (entry.isSymbolicLink() && !isFile(absolute)) continue;
      if (configs.isIgnored(absolute, folder)) continue;
      yield { absolute, explicit: false };
    }
  }
}

/** Names the walk picks up: Dockerfiles, and YAML/JSON that may turn out to hold manifests or compose services. */
export function isCandidateName(name: string): boolean {
  return isDockerfileName(name) || isYamlOrJsonName(name);
}

/**
 * Whether the walk from `root` would reach `absolute`: not inside a skipped folder (`node_modules`,
 * `.git`) and not matched by `ignorePaths` on the way down. The language server asks this for a
 * file that changed on disk instead of walking again.
 */
export function isWalked(root: string, absolute: string, configs: ConfigResolver): boolean {
  const rel = relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || !isCandidateName(basename(absolute))) return false;
  let folder = root;
  for (const segment of rel.split(sep)) {
    const next = join(folder, segment);
    if ((next !== absolute && SKIPPED_DIRECTORIES.has(segment)) || configs.isIgnored(next, folder)) return false;
    folder = next;
  }
  return true;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A file read and kept for analysis. */
export interface ScanDocument {
  file: string;
  absolute: string;
  text: string;
  languageId?: string;
  config: DrydockConfig;
}

export interface CollectedDocuments {
  documents: ScanDocument[];
  errors: AnalysisError[];
  warnings: string[];
  configErrors: AnalysisError[];
}

/** What reading one target gave: a document to analyse, a problem to report, or a file that is not ours. */
export type LoadedTarget = { text: string; languageId?: string } | { error: string } | 'skip';

/**
 * Reads one target and decides whether it is analysed: the rule the CLI and the language server's
 * workspace scan share. YAML and JSON found by a walk are analysed only when they hold manifests
 * or compose services; anything else (CI configs, package metadata) is passed over without a word.
 */
export function loadTarget(target: Target, file: string, config: DrydockConfig): LoadedTarget {
  const maybeNotOurs = !target.explicit && !isDockerfileName(file) && !isComposeName(file);
  const read = readTarget(target.absolute, config);
  if ('error' in read) return maybeNotOurs ? 'skip' : read;
  const yamlKind = isYamlOrJsonName(file) ? detectYamlKind(file, read.text) : undefined;
  if (maybeNotOurs && !yamlKind) return 'skip';
  // A file named explicitly that is neither a manifest nor a compose file is read as a Dockerfile.
  const languageId = target.explicit && !isDockerfileName(file) && !yamlKind ? 'dockerfile' : undefined;
  return { text: read.text, languageId };
}

/** Walks the paths and reads every file Drydock analyses (IO happens here, once). */
export function collectDocuments(request: ScanRequest): CollectedDocuments {
  const configs = new ConfigResolver(request.cwd, request.configFile);
  const targets = collectTargets(request.paths, request.cwd, configs);
  const documents: ScanDocument[] = [];
  const errors: AnalysisError[] = [];
  for (const target of targets) {
    const file = displayPath(request.cwd, target.absolute);
    const { config } = configs.forFolder(dirname(target.absolute));
    const loaded = loadTarget(target, file, config);
    if (loaded === 'skip') continue;
    if ('error' in loaded) errors.push({ file, message: loaded.error });
    else documents.push({ file, absolute: target.absolute, text: loaded.text, languageId: loaded.languageId, config });
  }
  return { documents, errors, warnings: configs.warnings, configErrors: configs.errors };
}

/**
 * What the collected documents ask `--online` to scan and the model to score, in one parse per
 * document (the same parse as the analysis, so candidate texts — the predictions' keys — match).
 */
export function collectInputs(collected: CollectedDocuments, shellParser?: ShellParser): { imageUses: ImageUse[]; modelCandidates: ModelCandidates } {
  const imageUses: ImageUse[] = [];
  const modelCandidates: ModelCandidates = { commands: [], secrets: [] };
  for (const d of collected.documents) {
    const inputs = documentInputs({ fileName: d.file, text: d.text, languageId: d.languageId }, d.config, { shellParser });
    imageUses.push(...inputs.imageUses);
    modelCandidates.commands.push(...inputs.modelCandidates.commands);
    modelCandidates.secrets.push(...inputs.modelCandidates.secrets);
  }
  return { imageUses, modelCandidates };
}

/** What `drydock scan` looks up before analysing, when asked: registry facts (`--online`) and the model's scores. */
export interface ScanLookups {
  /** Scores the model's candidates; absent means rules only (`--no-model`). */
  score?: (candidates: ModelCandidates) => Promise<ModelPredictions | undefined>;
  /** Looks the images up in their registries (`--online`). */
  online?: (uses: readonly ImageUse[]) => Promise<{ images?: ImageFactsProvider; advisories?: AdvisoryPort }>;
}

/**
 * `drydock scan` from paths to result: walk and read, look up what was asked for, analyse. The CLI
 * and the language server's SARIF export both call this, so the export is what the CLI writes.
 */
export async function scanWithLookups(request: ScanRequest, lookups: ScanLookups): Promise<ScanResult> {
  const collected = collectDocuments(request);
  const wantsModel = lookups.score !== undefined && collected.documents.some((d) => d.config.model.enabled);
  const inputs = lookups.online || wantsModel ? collectInputs(collected, request.shellParser) : undefined;
  if (lookups.online && inputs) {
    const online = await lookups.online(inputs.imageUses);
    request.images = online.images;
    request.advisories = online.advisories;
  }
  if (lookups.score && wantsModel && inputs) request.predictions = await lookups.score(inputs.modelCandidates);
  return analyseDocuments(collected, request);
}

/** The analysis problem both shells report when RUN commands could not be parsed. */
export function shellParserProblem(error: Error): string {
  return `shell parser unavailable, RUN commands were not analysed: ${error.message}`;
}

export function analyseDocuments(collected: CollectedDocuments, request: ScanRequest): ScanResult {
  const findings: Finding[] = [];
  const errors: AnalysisError[] = [...collected.errors];
  const texts = new Map<string, string>();
  const today = todayIso();
  for (const document of collected.documents) {
    texts.set(document.file, document.text);
    const result = analyzeDocument(
      { fileName: document.file, text: document.text, languageId: document.languageId },
      document.config,
      { shellParser: request.shellParser, project: projectFactsFor(document.absolute), today, images: request.images, advisories: request.advisories, predictions: request.predictions },
    );
    findings.push(...result.findings);
    errors.push(...result.errors);
  }
  findings.sort(compareFindings);
  const allErrors = [...collected.configErrors, ...errors].sort((a, b) => a.file.localeCompare(b.file) || a.message.localeCompare(b.message));
  return { findings, errors: allErrors, texts, filesScanned: collected.documents.length, warnings: collected.warnings };
}

export function scan(request: ScanRequest): ScanResult {
  return analyseDocuments(collectDocuments(request), request);
}

function readTarget(path: string, config: DrydockConfig): { text: string } | { error: string } {
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return { error: 'not a regular file; not analysed' };
    // Checked before reading so a huge file is never loaded into memory.
    if (stats.size > config.maxFileSizeBytes) {
      return { error: `file is ${formatBytes(stats.size)}, above the ${formatBytes(config.maxFileSizeBytes)} limit (maxFileSize); not analysed` };
    }
    const bytes = readFileSync(path);
    if (bytes.subarray(0, 8192).includes(0)) return { error: 'file looks binary (it contains NUL bytes); not analysed' };
    // VS Code drops a UTF-8 BOM before the server sees the text; doing the same keeps columns (and parity) equal.
    const text = bytes.toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    return { error: `cannot read file: ${reason}` };
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
