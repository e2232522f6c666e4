/**
 * Hover and documentation text for a finding, built from the finding and its rule's metadata.
 * Pure markdown: the language server wraps it in a Hover, the client shows it as rule docs.
 */
import type { Finding } from '../findings';
import type { Rule } from '../rule';

const PEER_NAMES: Record<string, string> = {
  hadolint: 'hadolint',
  checkov: 'Checkov',
  trivy: 'Trivy',
  buildkit: 'BuildKit',
  'dockerfile-utils': 'dockerfile-utils',
  'kube-linter': 'kube-linter',
  'kube-score': 'kube-score',
  polaris: 'Polaris',
  kics: 'KICS',
  pss: 'Pod Security Standards',
  semgrep: 'Semgrep',
  dclint: 'DCLint',
};

/** `hadolint:DL3007` → `hadolint DL3007`, `buildkit:JSONArgsRecommended` → `BuildKit JSONArgsRecommended`. */
export function peerName(equivalent: string): string {
  const colon = equivalent.indexOf(':');
  if (colon < 0) return equivalent;
  const tool = equivalent.slice(0, colon);
  return `${PEER_NAMES[tool] ?? tool} ${equivalent.slice(colon + 1)}`;
}

/** `CIS-Docker-4.2` → a readable label, with a link where a stable public page exists. */
export function complianceLabel(reference: string): string {
  const cwe = /^CWE-(\d+)$/i.exec(reference);
  if (cwe) return `[CWE-${cwe[1]}](https://cwe.mitre.org/data/definitions/${cwe[1]}.html)`;
  const cisDocker = /^CIS-Docker-([\d.]+)$/i.exec(reference);
  if (cisDocker) return `CIS Docker Benchmark ${cisDocker[1]}`;
  const cisK8sVersioned = /^CIS-(?:Kubernetes|K8s)-(\d+\.\d+)-([\d.]+)$/i.exec(reference);
  if (cisK8sVersioned) return `CIS Kubernetes Benchmark v${cisK8sVersioned[1]} ${cisK8sVersioned[2]}`;
  const cisK8s = /^CIS-(?:Kubernetes|K8s)-([\d.]+)$/i.exec(reference);
  if (cisK8s) return `CIS Kubernetes Benchmark ${cisK8s[1]}`;
  const pss = /^PSS-(Baseline|Restricted)-(.+)$/i.exec(reference);
  if (pss) return `Pod Security Standards (${pss[1]}): ${pss[2]}`;
  const nsa = /^NSA-CISA-(.+)$/i.exec(reference);
  if (nsa) return `NSA/CISA Kubernetes Hardening Guidance: ${nsa[1].replace(/-/g, ' ')}`;
  return reference;
}

export function alsoReportedBy(equivalents: readonly string[]): string | undefined {
  if (equivalents.length === 0) return undefined;
  return `Also reported by ${equivalents.map(peerName).join(', ')}.`;
}

function inlineCode(text: string): string {
  // Lines trimmed and joined: `replace(/\s*\r?\n\s*/g, ' ')` is quadratic on long runs of blanks (regex audit).
  const oneLine = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '').join(' ');
  const shown = oneLine.length > 160 ? `${oneLine.slice(0, 157)}…` : oneLine;
  const fence = shown.includes('`') ? '``' : '`';
  return `${fence}${shown.startsWith('`') ? ' ' : ''}${shown}${shown.endsWith('`') ? ' ' : ''}${fence}`;
}

/** Markdown for one finding; `rule` may be missing when the finding came from an unknown rule. */
export function findingMarkdown(finding: Finding, rule: Rule | undefined): string {
  const parts: string[] = [];
  const title = rule?.title ?? finding.rule;
  parts.push(`**${escapeMarkdown(title)}** · \`${finding.rule}\` · ${finding.severity}`);
  parts.push(escapeMarkdown(finding.message));
  if (rule) {
    parts.push(`**Why it matters** — ${rule.explanation.why}`);
    parts.push(`**How to fix** — ${rule.explanation.fix}`);
  }
  if (finding.evidence) parts.push(`Evidence: ${inlineCode(finding.evidence)}`);
  if (finding.compliance.length > 0) parts.push(`References: ${finding.compliance.map(complianceLabel).join(' · ')}`);
  const peers = alsoReportedBy(finding.equivalents);
  if (peers) parts.push(peers);
  return parts.join('\n\n');
}

/** Full documentation page for a rule (the "Show documentation" action). */
export function ruleMarkdown(rule: Rule): string {
  const parts: string[] = [];
  parts.push(`# ${escapeMarkdown(rule.title)}`);
  const facts = [`\`${rule.id}\``, `default severity: ${rule.severity}`, `category: ${rule.category}`];
  if (rule.enabledByDefault === false) facts.push('off by default (enabled by the `strict` profile)');
  if (rule.fixable) facts.push('quick fix available');
  parts.push(facts.join(' · '));
  parts.push(`## What it flags\n\n${rule.explanation.what}`);
  parts.push(`## Why it matters\n\n${rule.explanation.why}`);
  parts.push(`## How to fix\n\n${rule.explanation.fix}`);
  if (rule.compliance.length > 0) parts.push(`## References\n\n${rule.compliance.map((c) => `- ${complianceLabel(c)}`).join('\n')}`);
  const peers = alsoReportedBy(rule.equivalents);
  if (peers) parts.push(`## Equivalent rules\n\n${peers}`);
  parts.push(
    `## Suppressing it\n\n` +
      `Above the instruction: \`# drydock-ignore ${rule.id} -- <reason>\`; for the whole file: ` +
      `\`# drydock-ignore-file ${rule.id} -- <reason>\`; for the project, in \`.drydock.yaml\`:\n\n` +
      '```yaml\nrules:\n  ' + rule.id + ': off\n```',
  );
  return parts.join('\n\n');
}

function escapeMarkdown(text: string): string {
  // Messages quote Dockerfile text; keep `*`, `_` and `<` from turning into formatting or HTML.
  return text.replace(/([\\*_<>[\]])/g, '\\$1');
}
