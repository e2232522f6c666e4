/** Rule documentation for `drydock rules` (text, json, the docs/rules.md markdown) and SARIF help. */
import type { Rule, RuleCategory, RuleFixture } from '../core/rule';

export const CATEGORY_ORDER: readonly RuleCategory[] = [
  'privileges',
  'secrets',
  'supply-chain',
  'integrity',
  'exposure',
  'best-practice',
  'correctness',
  'maintainability',
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
};

/** Categories whose findings are security issues (SARIF `security` tag and security-severity). */
export const SECURITY_CATEGORIES: ReadonlySet<RuleCategory> = new Set(['privileges', 'secrets', 'supply-chain', 'integrity', 'exposure']);

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

export function sortedRules(rules: readonly Rule[]): Rule[] {
  return [...rules].sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.id.localeCompare(b.id));
}

/** Anchor used by docs/rules.md and SARIF helpUri: `dockerfile/latest-tag` → `dockerfile-latest-tag`. */
export function ruleAnchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

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
  let category: RuleCategory | undefined;
  for (const rule of sorted) {
    if (rule.category !== category) {
      category = rule.category;
      if (lines.length > 0) lines.push('');
      lines.push(`${CATEGORY_TITLES[category]}:`);
    }
    const flags = [rule.severity, isEnabledByDefault(rule) ? '' : 'off by default', rule.fixable ? 'fixable' : ''].filter(Boolean).join(', ');
    lines.push(`  ${rule.id.padEnd(idWidth)}  ${rule.title} [${flags}]`);
  }
  lines.push('', `${rules.length} rules.`);
  return `${lines.join('\n')}\n`;
}

function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}dockerfile\n${text.endsWith('\n') ? text : `${text}\n`}${ticks}`;
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
  const categories = CATEGORY_ORDER.filter((c) => sorted.some((r) => r.category === c));
  for (const category of categories) {
    out.push(`- **${CATEGORY_TITLES[category]}**`);
    for (const rule of sorted.filter((r) => r.category === category)) out.push(`  - [\`${rule.id}\`](#${ruleAnchor(rule.id)}) — ${rule.title}`);
  }
  for (const category of categories) {
    out.push('', `## ${CATEGORY_TITLES[category]}`);
    for (const rule of sorted.filter((r) => r.category === category)) {
      const facts = [
        `Severity: **${rule.severity}**`,
        isEnabledByDefault(rule) ? 'enabled by default' : '*off by default*',
        rule.fixable ? 'quick fix available' : 'no automatic fix',
      ];
      out.push(
        '',
        // The second anchor is the slug the language server's diagnostic links use (id minus `/`).
        `<a id="${ruleAnchor(rule.id)}"></a><a id="${rule.id.toLowerCase().replace(/[^a-z0-9_-]/g, '')}"></a>`,
        '',
        `### \`${rule.id}\` — ${rule.title}`,
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
        out.push('', 'Flagged:', '', fence(example.text));
        if (example.fixed !== undefined) out.push('', 'After the quick fix:', '', fence(example.fixed));
      }
    }
  }
  return `${out.join('\n')}\n`;
}
