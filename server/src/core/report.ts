/**
 * The numbers behind "Drydock: Show Security Report": findings by severity, category, file and
 * rule, image vulnerabilities by severity and fixability, and which compliance items the findings
 * map to. Plain data in, plain data out; the language server gathers the inputs, the client draws.
 */
import type { Finding, Severity } from './findings';
import type { Rule, RuleCategory } from './rule';
import type { ImageFacts } from './images/facts';
import type { VulnerabilitySeverity } from '../images/types';
import { complianceLabel } from './explain/markdown';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
export const VULNERABILITY_SEVERITIES: readonly VulnerabilitySeverity[] = ['critical', 'high', 'medium', 'low', 'unknown'];
/** Files listed one by one in the "by file" chart; the rest are summed in one row. */
export const REPORT_FILE_LIMIT = 12;
export const REPORT_RULE_LIMIT = 10;

export type SeverityCounts = Record<Severity, number>;

/** What the report reads of a finding (the language server keeps no more of a closed file's findings). */
export type ReportedFinding = Pick<Finding, 'rule' | 'severity' | 'compliance'>;

export interface ReportFileInput {
  /** The file as the user knows it (workspace-relative). */
  file: string;
  findings: readonly ReportedFinding[];
}

export interface ReportInput {
  /** Every analysed file, clean ones too (they count in the totals). */
  files: readonly ReportFileInput[];
  rules: readonly Rule[];
  /** Image scanning: off unless the user enabled the network; `facts` are the completed scans. */
  images: { enabled: false } | { enabled: true; facts: readonly ImageFacts[]; pending: number };
  /** Findings the editor leaves to another extension (counted here, not shown as diagnostics). */
  leftToPeers?: number;
}

export interface CountRow {
  label: string;
  total: number;
  bySeverity: SeverityCounts;
}

export interface ImageRow {
  reference: string;
  total: number;
  fixable: number;
  bySeverity: Record<VulnerabilitySeverity, number>;
  /** Why the image has no vulnerability data (scan failed, no advisory database). */
  problem?: string;
}

export type ImageReport =
  | { state: 'off' }
  | {
      state: 'on';
      scanned: number;
      failed: number;
      pending: number;
      /** Distinct vulnerabilities per image, summed over images, split by whether a fixed version exists. */
      bySeverity: Record<VulnerabilitySeverity, { fixable: number; unfixable: number }>;
      images: ImageRow[];
    };

export interface ComplianceItem {
  id: string;
  label: string;
  /** The label without the framework's name (`4.1`, `Baseline: privileged`), for lists under the framework. */
  short: string;
  /** Rules that check the item. */
  rules: string[];
  findings: number;
}

export interface ComplianceFramework {
  id: 'cis-docker' | 'cis-kubernetes' | 'pss' | 'nsa-cisa';
  name: string;
  /** Every item some rule checks; those with findings first. */
  items: ComplianceItem[];
  withFindings: number;
}

export interface SecurityReport {
  files: number;
  filesWithFindings: number;
  total: number;
  bySeverity: SeverityCounts;
  byCategory: CountRow[];
  /** The files with most findings (weighted by severity), at most REPORT_FILE_LIMIT. */
  byFile: CountRow[];
  /** The remaining files with findings, summed. */
  otherFiles?: CountRow & { files: number };
  byRule: (CountRow & { rule: string })[];
  images: ImageReport;
  compliance: ComplianceFramework[];
  leftToPeers: number;
}

const FRAMEWORKS: { id: ComplianceFramework['id']; name: string; pattern: RegExp }[] = [
  { id: 'cis-docker', name: 'CIS Docker Benchmark', pattern: /^CIS-Docker-/i },
  { id: 'cis-kubernetes', name: 'CIS Kubernetes Benchmark', pattern: /^CIS-(?:K8s|Kubernetes)-/i },
  { id: 'pss', name: 'Pod Security Standards', pattern: /^PSS-/i },
  { id: 'nsa-cisa', name: 'NSA/CISA Kubernetes Hardening Guidance', pattern: /^NSA-CISA-/i },
];

function zeroSeverities(): SeverityCounts {
  return { error: 0, warning: 0, info: 0, hint: 0 };
}

function zeroVulnerabilities(): Record<VulnerabilitySeverity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
}

/** Errors outweigh any number of warnings in an ordering, warnings any number of infos, and so on. */
function weight(counts: SeverityCounts): number[] {
  return SEVERITIES.map((s) => counts[s]);
}

function byWeight(a: CountRow, b: CountRow): number {
  const wa = weight(a.bySeverity);
  const wb = weight(b.bySeverity);
  for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i]) return wb[i] - wa[i];
  return a.label.localeCompare(b.label);
}

/** `4.9` before `4.10`, `5.2.2` before `5.2.12`. */
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

function countRows(groups: Map<string, ReportedFinding[]>): CountRow[] {
  return [...groups.entries()].map(([label, findings]) => {
    const bySeverity = zeroSeverities();
    for (const f of findings) bySeverity[f.severity]++;
    return { label, total: findings.length, bySeverity };
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function securityReport(input: ReportInput): SecurityReport {
  const rulesById = new Map(input.rules.map((r) => [r.id, r]));
  const bySeverity = zeroSeverities();
  const categories = new Map<string, ReportedFinding[]>();
  const files = new Map<string, ReportedFinding[]>();
  const rules = new Map<string, ReportedFinding[]>();
  let total = 0;
  for (const entry of input.files) {
    for (const finding of entry.findings) {
      total++;
      bySeverity[finding.severity]++;
      const category: RuleCategory | 'other' = rulesById.get(finding.rule)?.category ?? 'other';
      push(categories, category, finding);
      push(files, entry.file, finding);
      push(rules, finding.rule, finding);
    }
  }
  const fileRows = countRows(files).sort(byWeight);
  const shown = fileRows.slice(0, REPORT_FILE_LIMIT);
  const rest = fileRows.slice(REPORT_FILE_LIMIT);
  const report: SecurityReport = {
    files: new Set(input.files.map((f) => f.file)).size,
    filesWithFindings: files.size,
    total,
    bySeverity,
    byCategory: countRows(categories).sort(byWeight),
    byFile: shown,
    byRule: countRows(rules)
      .sort(byWeight)
      .slice(0, REPORT_RULE_LIMIT)
      .map((row) => ({ ...row, rule: row.label, label: rulesById.get(row.label)?.title ?? row.label })),
    images: imageReport(input.images),
    compliance: complianceCoverage(input.rules, input.files),
    leftToPeers: input.leftToPeers ?? 0,
  };
  if (rest.length > 0) {
    const sum = zeroSeverities();
    for (const row of rest) for (const s of SEVERITIES) sum[s] += row.bySeverity[s];
    report.otherFiles = { label: `${rest.length} other files`, files: rest.length, total: rest.reduce((n, r) => n + r.total, 0), bySeverity: sum };
  }
  return report;
}

function imageReport(images: ReportInput['images']): ImageReport {
  if (!images.enabled) return { state: 'off' };
  const bySeverity = Object.fromEntries(VULNERABILITY_SEVERITIES.map((s) => [s, { fixable: 0, unfixable: 0 }])) as Record<VulnerabilitySeverity, { fixable: number; unfixable: number }>;
  const rows: ImageRow[] = [];
  const seen = new Set<string>();
  let failed = 0;
  for (const facts of images.facts) {
    if (seen.has(facts.reference)) continue;
    seen.add(facts.reference);
    if (facts.error) failed++;
    const row: ImageRow = { reference: facts.reference, total: 0, fixable: 0, bySeverity: zeroVulnerabilities() };
    if (facts.error) row.problem = facts.error.message;
    else if (!facts.vulnerabilities) row.problem = 'not matched against an advisory database';
    // One advisory can match a package twice (a binary and its source package); count it once.
    const distinct = new Map<string, { severity: VulnerabilitySeverity; fixable: boolean }>();
    for (const v of facts.vulnerabilities ?? []) distinct.set(`${v.id}\u0000${v.package.name}\u0000${v.package.version}`, { severity: v.severity, fixable: v.fixedVersion !== undefined });
    for (const v of distinct.values()) {
      row.total++;
      row.bySeverity[v.severity]++;
      if (v.fixable) row.fixable++;
      bySeverity[v.severity][v.fixable ? 'fixable' : 'unfixable']++;
    }
    rows.push(row);
  }
  rows.sort((a, b) => {
    for (const s of VULNERABILITY_SEVERITIES) if (a.bySeverity[s] !== b.bySeverity[s]) return b.bySeverity[s] - a.bySeverity[s];
    return a.reference.localeCompare(b.reference);
  });
  return { state: 'on', scanned: rows.length - failed, failed, pending: images.pending, bySeverity, images: rows };
}

/** `CIS-Docker-4.1` → `4.1`, `CIS-K8s-1.12-5.2.2` → `5.2.2 (v1.12)`, `PSS-Baseline-privileged` → `Baseline: privileged`. */
function shortLabel(ref: string): string {
  const k8s = /^CIS-(?:K8s|Kubernetes)-(\d+\.\d+)-([\d.]+)$/i.exec(ref);
  if (k8s) return `${k8s[2]} (v${k8s[1]})`;
  const pss = /^PSS-(Baseline|Restricted)-(.+)$/i.exec(ref);
  if (pss) return `${pss[1]}: ${pss[2]}`;
  return ref.replace(/^CIS-(?:Docker|K8s|Kubernetes)-/i, '').replace(/^NSA-CISA-/i, '').replace(/-/g, ' ');
}

/**
 * For each framework, every item some rule checks, with how many findings map to it. Coverage is
 * what the rules can check (rules that are off by default included); findings say where it fails.
 */
function complianceCoverage(rules: readonly Rule[], files: readonly ReportFileInput[]): ComplianceFramework[] {
  const hits = new Map<string, number>();
  for (const entry of files) for (const finding of entry.findings) for (const ref of new Set(finding.compliance)) hits.set(ref, (hits.get(ref) ?? 0) + 1);
  return FRAMEWORKS.map(({ id, name, pattern }) => {
    const items = new Map<string, ComplianceItem>();
    for (const rule of rules) {
      for (const ref of rule.compliance) {
        if (!pattern.test(ref)) continue;
        const item = items.get(ref) ?? { id: ref, label: complianceLabel(ref), short: shortLabel(ref), rules: [], findings: hits.get(ref) ?? 0 };
        if (!item.rules.includes(rule.id)) item.rules.push(rule.id);
        items.set(ref, item);
      }
    }
    const list = [...items.values()].sort((a, b) => Number(b.findings > 0) - Number(a.findings > 0) || naturalCompare(a.id, b.id));
    return { id, name, items: list, withFindings: list.filter((i) => i.findings > 0).length };
  });
}
