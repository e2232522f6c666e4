/** Rule documentation for `drydock rules` (text, json, the docs/rules.md markdown) and SARIF help. */
import type { Rule, RuleCategory, RuleFixture } from '../core/rule';
import { ruleAnchor } from '../core/ruleLinks';

export const CATEGORY_ORDER: readonly RuleCategory[] = [
  'privileges',
  'secrets',
  'supply-chain',
  'integrity',
  'exposure',
  'best-practice',
  'correctness',
  'maintainability',
  'access-control',
  'resources',
  'reliability',
];

export const CATEGORY_TITLES: Record<RuleCategory, string> = {
  privileges: 'Privileges',
  secrets: 'Secrets',
  'supply-chain': 'Supply chain',
  integrity: 'Integrity (TLS, signatures, checksums)',
  exposure: 'Exposure',
  'best-practice': 'Best practice',
  correctness: 'Correctness',
  maintainability: 'Maintainability',
  'access-control': 'Access control (RBAC)',
  resources: 'Resources',
  reliability: 'Reliability',
};

/** Categories whose findings are security issues (SARIF `security` tag and security-severity). */
export const SECURITY_CATEGORIES: ReadonlySet<RuleCategory> = new Set(['privileges', 'secrets', 'supply-chain', 'integrity', 'exposure', 'access-control']);

export function isEnabledByDefault(rule: Rule): boolean {
  return rule.enabledByDefault !== false;
}

export function positiveFixture(rule: Rule): RuleFixture | undefined {
  return rule.fixtures.find((f) => f.expect.length > 0);
}

export interface RuleListing {
  id: string;
  title: string;
  kind: string;
  severity: string;
  category: RuleCategory;
  enabledByDefault: boolean;
  fixable: boolean;
  equivalents: string[];
  compliance: string[];
  explanation: Rule['explanation'];
  fixtures: { total: number; positive: number; negative: number; withFix: number };
}

export function ruleListing(rule: Rule): RuleListing {
  const positive = rule.fixtures.filter((f) => f.expect.length > 0).length;
  return {
    id: rule.id,
    title: rule.title,
    kind: rule.kind,
    severity: rule.severity,
    category: rule.category,
    enabledByDefault: isEnabledByDefault(rule),
    fixable: rule.fixable === true,
    equivalents: [...rule.equivalents],
    compliance: [...rule.compliance],
    explanation: { ...rule.explanation },
    fixtures: {
      total: rule.fixtures.length,
      positive,
      negative: rule.fixtures.length - positive,
      withFix: rule.fixtures.filter((f) => f.fixed !== undefined).length,
    },
  };
}

export const KIND_ORDER: readonly Rule['kind'][] = ['dockerfile', 'kubernetes', 'compose', 'image', 'model'];
export const KIND_TITLES: Record<Rule['kind'], string> = { dockerfile: 'Dockerfile', kubernetes: 'Kubernetes manifests', compose: 'Compose files', image: 'Image references (all file kinds)', model: 'On-device model (all file kinds)' };

export function sortedRules(rules: readonly Rule[]): Rule[] {
  return [...rules].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
      a.id.localeCompare(b.id),
  );
}

export { ruleAnchor };

/** Markdown help for one rule: what / why / how to fix, then peers and compliance. */
export function ruleHelpMarkdown(rule: Rule): string {
  const parts = [
    `**What it flags.** ${rule.explanation.what}`,
    `**Why it matters.** ${rule.explanation.why}`,
    `**How to fix.** ${rule.explanation.fix}`,
  ];
  if (rule.equivalents.length > 0) parts.push(`**Equivalent peer rules:** ${rule.equivalents.map((e) => `\`${e}\``).join(', ')}`);
  if (rule.compliance.length > 0) parts.push(`**Compliance:** ${rule.compliance.join(', ')}`);
  return parts.join('\n\n');
}

/** The same help as plain text (for SARIF `help.text` and terminals). */
export function ruleHelpText(rule: Rule): string {
  const plain = (md: string) => md.replace(/```[a-z]*\n?/gi, '').replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1');
  const parts = [
    `What it flags: ${plain(rule.explanation.what)}`,
    `Why it matters: ${plain(rule.explanation.why)}`,
    `How to fix: ${plain(rule.explanation.fix)}`,
  ];
  if (rule.equivalents.length > 0) parts.push(`Equivalent peer rules: ${rule.equivalents.join(', ')}`);
  if (rule.compliance.length > 0) parts.push(`Compliance: ${rule.compliance.join(', ')}`);
  return parts.join('\n\n');
}

export function rulesText(rules: readonly Rule[]): string {
  const sorted = sortedRules(rules);
  const idWidth = Math.max(0, ...sorted.map((r) => r.id.length));
  const lines: string[] = [];
  let group: string | undefined;
  for (const rule of sorted) {
    const heading = `${KIND_TITLES[rule.kind]} — ${CATEGORY_TITLES[rule.category]}`;
    if (heading !== group) {
      group = heading;
      if (lines.length > 0) lines.push('');
      lines.push(`${heading}:`);
    }
    const flags = [rule.severity, isEnabledByDefault(rule) ? '' : 'off by default', rule.fixable ? 'fixable' : ''].filter(Boolean).join(', ');
    lines.push(`  ${rule.id.padEnd(idWidth)}  ${rule.title} [${flags}]`);
  }
  lines.push('', `${rules.length} rules.`);
  return `${lines.join('\n')}\n`;
}

function fence(text: string, language: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text.endsWith('\n') ? text : `${text}\n`}${ticks}`;
}

/** docs/rules.md: table of contents by category, then one section per rule. Deterministic. */
export function rulesMarkdown(rules: readonly Rule[], version: string): string {
  const sorted = sortedRules(rules);
  const out: string[] = [
    '# Drydock rule reference',
    '',
    `<!-- Generated by \`drydock rules --format markdown\` (npm run docs) from the rule modules; do not edit by hand. -->`,
    '',
    `Drydock ${version} has ${rules.length} rules. Rules marked *off by default* run with the \`strict\` profile or when enabled in \`.drydock.yaml\`. ` +
      'Suppress a finding with `# drydock-ignore <rule> -- <reason>` on the line before it.',
    '',
    '## Contents',
    '',
  ];
  const groups = KIND_ORDER.flatMap((kind) =>
    CATEGORY_ORDER.filter((c) => sorted.some((r) => r.kind === kind && r.category === c)).map((category) => ({ kind, category, rules: sorted.filter((r) => r.kind === kind && r.category === category) })),
  );
  for (const kind of KIND_ORDER.filter((k) => groups.some((g) => g.kind === k))) {
    out.push(`- **${KIND_TITLES[kind]}**`);
    for (const group of groups.filter((g) => g.kind === kind)) {
      out.push(`  - ${CATEGORY_TITLES[group.category]}`);
      for (const rule of group.rules) out.push(`    - [\`${rule.id}\`](#${ruleAnchor(rule.id)}) — ${rule.title}`);
    }
  }
  let currentKind: Rule['kind'] | undefined;
  for (const group of groups) {
    if (group.kind !== currentKind) {
      currentKind = group.kind;
      out.push('', `## ${KIND_TITLES[group.kind]}`);
    }
    out.push('', `### ${CATEGORY_TITLES[group.category]}`);
    for (const rule of group.rules) {
      const facts = [
        `Severity: **${rule.severity}**`,
        isEnabledByDefault(rule) ? 'enabled by default' : '*off by default*',
        rule.fixable ? 'quick fix available' : 'no automatic fix',
      ];
      if (rule.pss && rule.pss.length > 0) {
        facts.push(`PSS ${rule.pss.map((c) => `${c.level} \`${c.control}\`${c.since ? ` (1.${c.since}+)` : ''}`).join(', ')}`);
      }
      out.push(
        '',
        // The second anchor is the slug the language server's diagnostic links use (id minus `/`).
        `<a id="${ruleAnchor(rule.id)}"></a><a id="${rule.id.toLowerCase().replace(/[^a-z0-9_-]/g, '')}"></a>`,
        '',
        `#### \`${rule.id}\` — ${rule.title}`,
        '',
        facts.join(' · '),
        '',
        `**What it flags.** ${rule.explanation.what}`,
        '',
        `**Why it matters.** ${rule.explanation.why}`,
        '',
        `**How to fix.** ${rule.explanation.fix}`,
        '',
        `**Equivalents:** ${rule.equivalents.length > 0 ? rule.equivalents.map((e) => `\`${e}\``).join(', ') : 'none (no peer has this check)'}`,
        '',
        `**Compliance:** ${rule.compliance.length > 0 ? rule.compliance.join(', ') : '—'}`,
      );
      const example = positiveFixture(rule);
      if (example) {
        const language = rule.kind === 'dockerfile' || ((rule.kind === 'image' || rule.kind === 'model') && !/\.(ya?ml|json)$/i.test(example.fileName ?? 'Dockerfile')) ? 'dockerfile' : 'yaml';
        out.push('', 'Flagged:', '', fence(example.text, language));
        if (example.fixed !== undefined) out.push('', 'After the quick fix:', '', fence(example.fixed, language));
      }
    }
  }
  return `${out.join('\n')}\n`;
}
