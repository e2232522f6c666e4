/**
 * Severity of an advisory: the words its publisher chose (GitHub's `database_specific.severity`, a distro's
 * `ecosystem_specific.severity` / `urgency`, Ubuntu's priority) and otherwise the CVSS v3 base score computed from
 * its vector. CVSS v4 and v2 vectors are kept for display but not scored.
 */
import type { VulnerabilitySeverity } from '../types';
import type { OsvAffected, OsvRecord, OsvSeverity } from './osv';

const CVSS3_WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
} as const;
const PRIVILEGES_UNCHANGED = { N: 0.85, L: 0.62, H: 0.27 } as const;
const PRIVILEGES_CHANGED = { N: 0.85, L: 0.68, H: 0.5 } as const;

/** CVSS v3.1 "Roundup": the smallest one-decimal number ≥ the input, immune to floating-point noise. */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100000);
  return scaled % 10000 === 0 ? scaled / 100000 : (Math.floor(scaled / 10000) + 1) / 10;
}

/**
 * The base score of a CVSS v3.0/v3.1 vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` → 9.8), or undefined
 * when the vector is not a complete v3 base vector.
 */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return undefined;
  const metrics = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const [key, value, extra] = part.split(':');
    if (key === undefined || value === undefined || extra !== undefined || metrics.has(key)) return undefined;
    metrics.set(key, value);
  }
  const pick = <T extends Record<string, number>>(table: T, key: string): number | undefined => {
    const value = metrics.get(key);
    return value !== undefined && Object.prototype.hasOwnProperty.call(table, value) ? table[value as keyof T] : undefined;
  };
  const scope = metrics.get('S');
  if (scope !== 'U' && scope !== 'C') return undefined;
  const changed = scope === 'C';
  const av = pick(CVSS3_WEIGHTS.AV, 'AV');
  const ac = pick(CVSS3_WEIGHTS.AC, 'AC');
  const pr = pick(changed ? PRIVILEGES_CHANGED : PRIVILEGES_UNCHANGED, 'PR');
  const ui = pick(CVSS3_WEIGHTS.UI, 'UI');
  const c = pick(CVSS3_WEIGHTS.C, 'C');
  const i = pick(CVSS3_WEIGHTS.C, 'I');
  const a = pick(CVSS3_WEIGHTS.C, 'A');
  if (av === undefined || ac === undefined || pr === undefined || ui === undefined || c === undefined || i === undefined || a === undefined) {
    return undefined;
  }
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  return roundUp(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
}

/** The CVSS v3 qualitative rating of a base score (0.0 "none" is reported as low). */
export function severityFromScore(score: number): VulnerabilitySeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

/** Publisher words: GitHub (`MODERATE`), Debian urgency (`unimportant`), Ubuntu priority (`negligible`), Red Hat (`Important`). */
export function severityFromWord(word: string): VulnerabilitySeverity | undefined {
  switch (word.trim().toLowerCase().replace(/\*+$/, '')) {
    case 'critical':
      return 'critical';
    case 'high':
    case 'important':
      return 'high';
    case 'medium':
    case 'moderate':
      return 'medium';
    case 'low':
    case 'negligible':
    case 'unimportant':
      return 'low';
    default:
      return undefined;
  }
}

function wordIn(source: Record<string, unknown> | undefined, key: string): VulnerabilitySeverity | undefined {
  const value = source?.[key];
  return typeof value === 'string' ? severityFromWord(value) : undefined;
}

function cvssVector(severities: OsvSeverity[] | undefined): string | undefined {
  const byPreference = ['CVSS_V3', 'CVSS_V4', 'CVSS_V2'];
  for (const type of byPreference) {
    const found = severities?.find((s) => s.type === type);
    if (found) return found.score;
  }
  return undefined;
}

export interface AdvisorySeverity {
  severity: VulnerabilitySeverity;
  /** The CVSS vector the record carries (v3 preferred), for display. */
  cvss?: string;
}

/** Severity of `record` for the package described by `affected` (its own severity wins over the record's). */
export function advisorySeverity(record: OsvRecord, affected?: OsvAffected): AdvisorySeverity {
  const cvss = cvssVector(affected?.severity) ?? cvssVector(record.severity);
  const ubuntuPriority = (affected?.severity ?? record.severity ?? []).find((s) => s.type === 'Ubuntu');
  const fromWords =
    wordIn(affected?.ecosystem_specific, 'severity') ??
    wordIn(affected?.database_specific, 'severity') ??
    wordIn(affected?.ecosystem_specific, 'urgency') ??
    (ubuntuPriority ? severityFromWord(ubuntuPriority.score) : undefined) ??
    wordIn(record.database_specific, 'severity');
  if (fromWords) return { severity: fromWords, ...(cvss ? { cvss } : {}) };
  const v3 = [...(affected?.severity ?? []), ...(record.severity ?? [])].find((s) => s.type === 'CVSS_V3');
  const score = v3 ? cvss3BaseScore(v3.score) : undefined;
  return { severity: score === undefined ? 'unknown' : severityFromScore(score), ...(cvss ? { cvss } : {}) };
}
