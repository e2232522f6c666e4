/**
 * Editor settings (`drydock.*`), resolved per document through workspace/configuration and
 * merged over the `.drydock.yaml` that applies to the document. Nothing global: every value is
 * looked up for the resource it applies to.
 */
import type { Connection } from 'vscode-languageserver';
import { mergeConfig, type DrydockConfig, type SeveritySetting } from '../core/config';
import type { CoexistenceSettings } from './coexistence';

export type TraceSetting = 'off' | 'messages' | 'verbose';

/** The `drydock` section as VS Code returns it (defaults included). */
export interface DrydockSettings {
  enable: boolean;
  rules: Record<string, SeveritySetting>;
  trustedRegistries: string[];
  profiles: string[];
  inlineSuppressions: boolean;
  maxFileSize: string | number | null;
  /** `v1.33` / `latest`; empty = the file's or the default. */
  kubernetesVersion: string;
  model: { enabled: boolean; feedback: boolean; cmdRiskPath: string; secretScorerPath: string };
  network: { enabled: boolean };
  /** Registry hosts (`host` or `host:port`) whose TLS certificate is not verified (images/registry/tls.ts). */
  images: { insecureRegistries: string[] };
  diagnostics: { delay: number };
  /** Leave to Docker DX / Red Hat YAML what they report for the same concern (lsp/coexistence.ts). */
  coexistence: CoexistenceSettings;
}

export const DEFAULT_DEBOUNCE_MS = 150;

export function defaultSettings(): DrydockSettings {
  return {
    enable: true,
    rules: {},
    trustedRegistries: [],
    profiles: [],
    inlineSuppressions: true,
    maxFileSize: null,
    kubernetesVersion: '',
    model: { enabled: true, feedback: false, cmdRiskPath: '', secretScorerPath: '' },
    network: { enabled: false },
    images: { insecureRegistries: [] },
    diagnostics: { delay: DEFAULT_DEBOUNCE_MS },
    coexistence: { dockerDx: true, redHatYaml: true },
  };
}

/** Accepts whatever the client sent (partial, wrong types) and fills in defaults. */
export function normaliseSettings(raw: unknown): DrydockSettings {
  const settings = defaultSettings();
  if (!raw || typeof raw !== 'object') return settings;
  const r = raw as Record<string, unknown>;
  if (typeof r.enable === 'boolean') settings.enable = r.enable;
  if (r.rules && typeof r.rules === 'object' && !Array.isArray(r.rules)) {
    for (const [id, value] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && ['error', 'warning', 'info', 'hint', 'off'].includes(value)) settings.rules[id] = value as SeveritySetting;
    }
  }
  if (Array.isArray(r.trustedRegistries)) settings.trustedRegistries = r.trustedRegistries.filter((v): v is string => typeof v === 'string');
  if (Array.isArray(r.profiles)) settings.profiles = r.profiles.filter((v): v is string => typeof v === 'string');
  if (typeof r.inlineSuppressions === 'boolean') settings.inlineSuppressions = r.inlineSuppressions;
  if (typeof r.maxFileSize === 'string' || typeof r.maxFileSize === 'number') settings.maxFileSize = r.maxFileSize;
  if (typeof r.kubernetesVersion === 'string') settings.kubernetesVersion = r.kubernetesVersion;
  const model = r.model as Record<string, unknown> | undefined;
  if (model && typeof model === 'object') {
    if (typeof model.enabled === 'boolean') settings.model.enabled = model.enabled;
    if (typeof model.feedback === 'boolean') settings.model.feedback = model.feedback;
    if (typeof model.cmdRiskPath === 'string') settings.model.cmdRiskPath = model.cmdRiskPath;
    if (typeof model.secretScorerPath === 'string') settings.model.secretScorerPath = model.secretScorerPath;
  }
  const network = r.network as { enabled?: unknown } | undefined;
  if (network && typeof network.enabled === 'boolean') settings.network.enabled = network.enabled;
  const images = r.images as { insecureRegistries?: unknown } | undefined;
  if (images && Array.isArray(images.insecureRegistries)) {
    settings.images.insecureRegistries = images.insecureRegistries.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  }
  const diagnostics = r.diagnostics as { delay?: unknown } | undefined;
  if (diagnostics && typeof diagnostics.delay === 'number' && Number.isFinite(diagnostics.delay) && diagnostics.delay >= 0) {
    settings.diagnostics.delay = Math.min(diagnostics.delay, 10_000);
  }
  const coexistence = r.coexistence as { dockerDx?: unknown; redHatYaml?: unknown } | undefined;
  if (coexistence && typeof coexistence === 'object') {
    if (typeof coexistence.dockerDx === 'boolean') settings.coexistence.dockerDx = coexistence.dockerDx;
    if (typeof coexistence.redHatYaml === 'boolean') settings.coexistence.redHatYaml = coexistence.redHatYaml;
  }
  return settings;
}

export interface EffectiveConfig {
  config: DrydockConfig;
  /** The user's model switch (the file's `model.enabled` is in `config`). */
  modelEnabled: boolean;
  /** Whether marking a model finding as expected records it in the local feedback file. */
  modelFeedback: boolean;
  /** User models (trusted workspaces only). */
  modelPaths: { cmdRiskPath?: string; secretScorerPath?: string };
  problems: string[];
  /** Registries whose TLS certificate is not verified (trusted workspaces only). */
  insecureRegistries: string[];
  /** Settings that were ignored because the workspace is not trusted. */
  restricted: string[];
}

/**
 * Settings over file config. Settings left at their defaults do not override the file: an empty
 * list means "not set", and either side can turn inline suppressions off (an organisation's
 * `.drydock.yaml` may refuse them). Network access needs the user's setting and a trusted
 * workspace; a repository's own file cannot switch it on in the editor.
 */
export function effectiveConfig(fileConfig: DrydockConfig, settings: DrydockSettings, trusted: boolean): EffectiveConfig {
  const problems: string[] = [];
  const overlay: Record<string, unknown> = {};
  if (Object.keys(settings.rules).length > 0) overlay.rules = settings.rules;
  if (settings.trustedRegistries.length > 0) overlay.trustedRegistries = settings.trustedRegistries;
  if (settings.profiles.length > 0) overlay.profiles = [...new Set([...fileConfig.profiles, ...settings.profiles])];
  if (settings.maxFileSize !== null && settings.maxFileSize !== '') overlay.maxFileSize = settings.maxFileSize;
  if (settings.kubernetesVersion.trim() !== '') overlay.kubernetesVersion = settings.kubernetesVersion;
  const config = mergeConfig(fileConfig, overlay, problems);
  config.inlineSuppressions = fileConfig.inlineSuppressions && settings.inlineSuppressions;
  const restricted: string[] = [];
  config.network.enabled = settings.network.enabled && trusted;
  if (!trusted) {
    if (settings.network.enabled || fileConfig.network.enabled) restricted.push('network access (drydock.network.enabled)');
    if (config.model.path !== undefined) {
      restricted.push(`model.path from .drydock.yaml`);
      delete config.model.path;
    }
    if (settings.model.cmdRiskPath || settings.model.secretScorerPath) restricted.push('user model paths (drydock.model.*Path)');
    if (settings.images.insecureRegistries.length > 0) restricted.push('the TLS opt-out for registries (drydock.images.insecureRegistries; certificates are verified)');
  }
  // A user model is a file to load: only in trusted workspaces; `.drydock.yaml`'s model.path names a cmd-risk model.
  const modelPaths = trusted
    ? {
        cmdRiskPath: settings.model.cmdRiskPath || config.model.path || undefined,
        secretScorerPath: settings.model.secretScorerPath || undefined,
      }
    : {};
  return {
    config,
    problems: problems.map((p) => `setting drydock.${p}`),
    restricted,
    insecureRegistries: trusted ? settings.images.insecureRegistries : [],
    modelEnabled: settings.model.enabled,
    modelFeedback: settings.model.feedback,
    modelPaths,
  };
}

/** Per-resource cache of the `drydock` section; cleared when the client says settings changed. */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<DrydockSettings>>();
  supportsConfiguration = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<DrydockSettings> {
    if (!this.supportsConfiguration) return Promise.resolve(defaultSettings());
    let pending = this.cache.get(uri);
    if (!pending) {
      pending = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'drydock' })
        .then(normaliseSettings, () => defaultSettings());
      this.cache.set(uri, pending);
    }
    return pending;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}
