/**
 * Configuration: `.drydock.yaml` (read by editor and CLI alike) merged with editor settings.
 * Parsing is pure (text in, config + messages out); finding the file is the shells' job.
 */
import { parse as parseYaml } from 'yaml';
import type { Severity } from './findings';

export type SeveritySetting = Severity | 'off';

export interface RuleSetting {
  severity?: SeveritySetting;
  options?: Record<string, unknown>;
}

export interface DrydockConfig {
  /** Per-rule severity override or `off`; keys are rule ids (`dockerfile/latest-tag`). */
  rules: Record<string, RuleSetting>;
  /** `strict` turns on rules that are off by default. */
  profiles: string[];
  /** Registries (or registry/namespace prefixes) images may come from; empty = any. */
  trustedRegistries: string[];
  /** Glob patterns of paths not to analyse. */
  ignorePaths: string[];
  /** Honour inline `# drydock-ignore` and peer pragmas; an organisation may turn this off. */
  inlineSuppressions: boolean;
  /** Files larger than this are reported and skipped. */
  maxFileSizeBytes: number;
  network: { enabled: boolean };
  model: { enabled: boolean; threshold: number; path?: string };
  /** Kubernetes version PSS controls and deprecations are judged against (`v1.33`; default the newest known). */
  kubernetesVersion: KubernetesVersion;
}

export interface KubernetesVersion {
  major: number;
  minor: number;
}

/** The newest Kubernetes minor version whose Pod Security Standards Drydock implements. */
export const NEWEST_KUBERNETES_VERSION: KubernetesVersion = { major: 1, minor: 37 };

/** `v1.33`, `1.33`, `1.33.2` or `latest`. */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  if (text.trim().toLowerCase() === 'latest') return { ...NEWEST_KUBERNETES_VERSION };
  const m = /^\s*v?(\d+)\.(\d+)(?:\.\d+)?\s*$/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function formatKubernetesVersion(version: KubernetesVersion): string {
  return `v${version.major}.${version.minor}`;
}

/** What a rule sees of the configuration. */
export interface RuleConfig {
  trustedRegistries?: string[];
  options?: Record<string, unknown>;
  /** Defaults to the newest known version when absent. */
  kubernetesVersion?: KubernetesVersion;
  /** Active profiles (`pss-restricted` changes what some Kubernetes rules require). */
  profiles?: string[];
}

/** The Kubernetes minor version a rule should judge against. */
export function kubernetesMinor(config: RuleConfig): number {
  return (config.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION).minor;
}

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

export function defaultConfig(): DrydockConfig {
  return {
    rules: {},
    profiles: [],
    trustedRegistries: [],
    ignorePaths: [],
    inlineSuppressions: true,
    maxFileSizeBytes: DEFAULT_MAX_FILE_SIZE,
    network: { enabled: false },
    model: { enabled: true, threshold: 0.5 },
    kubernetesVersion: { ...NEWEST_KUBERNETES_VERSION },
  };
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];

export interface ConfigParseResult {
  config: DrydockConfig;
  /** Human-readable problems; the config still applies with the offending entries dropped. */
  problems: string[];
}

/** Parses `.drydock.yaml` text. Unknown keys and bad values are reported, never thrown. */
export function parseConfigText(text: string, base: DrydockConfig = defaultConfig()): ConfigParseResult {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100, uniqueKeys: false }) ?? {};
  } catch (error) {
    return { config: base, problems: [`invalid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  return { config: mergeConfig(base, raw, problems), problems };
}

/** Merges a plain object (from YAML or editor settings) over `base`, collecting problems. */
export function mergeConfig(base: DrydockConfig, raw: unknown, problems: string[] = []): DrydockConfig {
  const config: DrydockConfig = structuredClone(base);
  if (raw === null || raw === undefined) return config;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('configuration must be a mapping');
    return config;
  }
  const obj = raw as Record<string, unknown>;
  for (const [key, value] of Object.entries(obj)) {
    switch (key) {
      case 'rules':
        mergeRules(config, value, problems);
        break;
      case 'profiles':
      case 'profile':
        config.profiles = stringList(value, key, problems) ?? config.profiles;
        break;
      case 'trustedRegistries':
        config.trustedRegistries = stringList(value, key, problems) ?? config.trustedRegistries;
        break;
      case 'ignorePaths':
        config.ignorePaths = stringList(value, key, problems) ?? config.ignorePaths;
        break;
      case 'inlineSuppressions':
        if (typeof value === 'boolean') config.inlineSuppressions = value;
        else problems.push('inlineSuppressions must be true or false');
        break;
      case 'maxFileSize':
      case 'maxFileSizeBytes': {
        const bytes = parseSize(value);
        if (bytes === undefined) problems.push(`${key} must be a size such as 2MB or a number of bytes`);
        else config.maxFileSizeBytes = bytes;
        break;
      }
      case 'network':
        if (typeof value === 'boolean') config.network.enabled = value;
        else if (value && typeof value === 'object' && typeof (value as { enabled?: unknown }).enabled === 'boolean')
          config.network.enabled = (value as { enabled: boolean }).enabled;
        else problems.push('network must be true/false or { enabled: true|false }');
        break;
      case 'model':
        if (value && typeof value === 'object') {
          const m = value as Record<string, unknown>;
          if (typeof m.enabled === 'boolean') config.model.enabled = m.enabled;
          if (typeof m.threshold === 'number' && m.threshold >= 0 && m.threshold <= 1) config.model.threshold = m.threshold;
          if (typeof m.path === 'string') config.model.path = m.path;
        } else problems.push('model must be a mapping');
        break;
      case 'kubernetesVersion': {
        const version = typeof value === 'string' ? parseKubernetesVersion(value) : undefined;
        if (version) config.kubernetesVersion = version;
        else if (typeof value === 'number') problems.push(`kubernetesVersion must be a string such as "v1.30": YAML reads ${String(value)} as a number`);
        else problems.push('kubernetesVersion must be a version such as "v1.33" or "latest"');
        break;
      }
      default:
        problems.push(`unknown key "${key}"`);
    }
  }
  return config;
}

function mergeRules(config: DrydockConfig, value: unknown, problems: string[]): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push('rules must be a mapping of rule id to severity');
    return;
  }
  for (const [id, setting] of Object.entries(value as Record<string, unknown>)) {
    if (typeof setting === 'string' || typeof setting === 'boolean') {
      const severity = setting === false ? 'off' : setting === true ? undefined : setting;
      if (severity !== undefined && !SEVERITIES.includes(severity)) {
        problems.push(`rules.${id}: unknown severity "${severity}" (use error, warning, info, hint or off)`);
        continue;
      }
      config.rules[id] = { ...config.rules[id], severity: severity as SeveritySetting | undefined };
    } else if (setting && typeof setting === 'object') {
      const s = setting as Record<string, unknown>;
      const entry: RuleSetting = { ...config.rules[id] };
      if (s.severity !== undefined) {
        if (typeof s.severity === 'string' && SEVERITIES.includes(s.severity)) entry.severity = s.severity as SeveritySetting;
        else problems.push(`rules.${id}.severity: unknown severity "${String(s.severity)}"`);
      }
      if (s.enabled === false) entry.severity = 'off';
      if (s.options && typeof s.options === 'object') entry.options = { ...entry.options, ...(s.options as Record<string, unknown>) };
      config.rules[id] = entry;
    } else {
      problems.push(`rules.${id}: expected a severity or a mapping`);
    }
  }
}

function stringList(value: unknown, key: string, problems: string[]): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  problems.push(`${key} must be a list of strings`);
  return undefined;
}

function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number' && value > 0) return value;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb)?\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('g') ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * factor);
}
