/**
 * What an image's config says about how it runs: secrets baked into its environment (values redacted),
 * whether it runs as root, and the ports it exposes. Plain data for findings and hovers.
 */
import { isHarmlessValue, isSecretName, redact } from '../../core/secrets/secretNames';
import { knownSecretFormats } from '../../core/secrets/secretValues';
import type { ImageConfigSummary } from '../types';

export interface SecretEnvEntry {
  name: string;
  /** The value with every secret part shortened to its first characters. */
  redactedValue: string;
  /** Why it looks like a secret: `secret-like name`, or the credential format found (`GitHub token`). */
  reason: string;
}

export interface ConfigFindings {
  secretEnv: SecretEnvEntry[];
  /** True when the config names no user, `root`, UID 0 or `0:<group>`. */
  runsAsRoot: boolean;
  /** The configured user, as written (undefined when none is set). */
  user?: string;
  /** `8080/tcp`, sorted. */
  exposedPorts: string[];
}

export function configFindings(config: ImageConfigSummary): ConfigFindings {
  const findings: ConfigFindings = {
    secretEnv: config.env.flatMap((entry) => secretInEnvEntry(entry) ?? []),
    runsAsRoot: isRootUser(config.user),
    exposedPorts: [...config.exposedPorts].sort(comparePorts),
  };
  if (config.user?.trim()) findings.user = config.user.trim();
  return findings;
}

/** `NAME=value` judged as a secret, or undefined. */
export function secretInEnvEntry(entry: string): SecretEnvEntry | undefined {
  const equals = entry.indexOf('=');
  if (equals <= 0) return undefined;
  const name = entry.slice(0, equals);
  const value = entry.slice(equals + 1);
  const hits = knownSecretFormats(value);
  if (hits.length > 0) {
    let redactedValue = '';
    let at = 0;
    for (const hit of [...hits].sort((a, b) => a.start - b.start)) {
      if (hit.start < at) continue;
      redactedValue += value.slice(at, hit.start) + redact(hit.value);
      at = hit.end;
    }
    redactedValue += value.slice(at);
    return { name, redactedValue, reason: hits[0].detector };
  }
  if (isSecretName(name) && !isHarmlessValue(value)) return { name, redactedValue: redact(value), reason: 'secret-like name' };
  return undefined;
}

/**
 * Docker runs a config without `User` as root; `root`, `0`, `0:<gid>` and `root:<group>` are root too.
 * A user name other than `root` may still map to UID 0 in the image's /etc/passwd, which the config alone
 * cannot tell.
 */
export function isRootUser(user: string | undefined): boolean {
  const value = user?.trim() ?? '';
  if (value === '') return true;
  const uid = value.split(':')[0];
  return uid === 'root' || uid === '' || /^0+$/.test(uid);
}

function comparePorts(a: string, b: string): number {
  const portA = parseInt(a, 10);
  const portB = parseInt(b, 10);
  if (portA !== portB && !Number.isNaN(portA) && !Number.isNaN(portB)) return portA - portB;
  return a < b ? -1 : a > b ? 1 : 0;
}
