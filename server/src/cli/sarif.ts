/**
 * SARIF 2.1.0 output for code-scanning services (GitHub, Azure DevOps): rule metadata with help
 * built from each rule's explanation, results with regions and fixes, and analysis problems as
 * tool execution notifications.
 */
import { createHash } from 'node:crypto';
import { PROJECT_URI, RULES_DOC_URI } from '../core/ruleLinks';
import { pathToFileURL } from 'node:url';
import type { Finding, Range, Severity } from '../core/findings';
import type { Rule } from '../core/rule';
import { LineIndex } from '../core/text';
import { SECURITY_CATEGORIES, isEnabledByDefault, ruleAnchor, ruleHelpMarkdown, ruleHelpText } from './ruleDocs';
import type { ScanResult } from './scan';
import { allRules } from '../core/rules';
import { TOOL_VERSION } from './version';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The project's home; rule help is docs/rules.md there (the language server links the same page). */
export const INFORMATION_URI = PROJECT_URI;
export { RULES_DOC_URI };
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** GitHub's scale: ≥9 critical, 7–8.9 high, 4–6.9 medium, <4 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '3.0', hint: '1.0' };

/** A relative URI reference for a cwd-relative path with forward slashes. */
export function relativeUri(file: string): string {
  return file
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}

/** SARIF regions are 1-based; endColumn points just after the last character. */
export function sarifRegion(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export function sarifRule(rule: Rule) {
  const tags: string[] = [rule.category];
  const security = SECURITY_CATEGORIES.has(rule.category);
  if (security) tags.push('security');
  const properties: Record<string, unknown> = { tags, precision: 'high' };
  if (security) properties['security-severity'] = SECURITY_SEVERITY[rule.severity];
  if (rule.equivalents.length > 0) properties.equivalents = [...rule.equivalents];
  if (rule.compliance.length > 0) properties.compliance = [...rule.compliance];
  return {
    id: rule.id,
    name: rule.title,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.explanation.what },
    help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
    helpUri: `${RULES_DOC_URI}#${ruleAnchor(rule.id)}`,
    defaultConfiguration: { level: sarifLevel(rule.severity), enabled: isEnabledByDefault(rule) },
    properties,
  };
}

/**
 * A fingerprint that survives unrelated edits: rule, file, the trimmed text of the finding's first
 * line and how many identical (rule, line text) pairs came before it in the file.
 */
function fingerprint(finding: Finding, lines: LineIndex | undefined, seen: Map<string, number>): string {
  const lineText = lines ? lines.text.slice(lines.lineStart(finding.range.start.line), lines.lineEnd(finding.range.start.line)).trim() : '';
  const key = `${finding.rule}\u0000${finding.file}\u0000${lineText.replace(/\s+/g, ' ')}`;
  const occurrence = (seen.get(key) ?? 0) + 1;
  seen.set(key, occurrence);
  return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${occurrence}`;
}

export function toSarif(result: ScanResult, rules: readonly Rule[], options: { version: string; cwd: string }) {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const lineIndexes = new Map<string, LineIndex>();
  const linesOf = (file: string) => {
    let index = lineIndexes.get(file);
    const text = result.texts.get(file);
    if (!index && text !== undefined) {
      index = new LineIndex(text);
      lineIndexes.set(file, index);
    }
    return index;
  };
  const seen = new Map<string, number>();
  const artifactLocation = (file: string) => ({ uri: relativeUri(file), uriBaseId: SRCROOT });
  const results = result.findings.map((finding) => {
    const sarifResult: Record<string, unknown> = {
      ruleId: finding.rule,
      level: sarifLevel(finding.severity),
      message: { text: finding.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.file), region: sarifRegion(finding.range) } }],
      partialFingerprints: { 'drydockFindingHash/v1': fingerprint(finding, linesOf(finding.file), seen) },
    };
    const index = ruleIndex.get(finding.rule);
    if (index !== undefined) sarifResult.ruleIndex = index;
    if (finding.fixes && finding.fixes.length > 0) {
      sarifResult.fixes = finding.fixes.map((fix) => ({
        description: { text: fix.title },
        artifactChanges: [
          {
            artifactLocation: artifactLocation(finding.file),
            replacements: fix.edits.map((edit) => ({ deletedRegion: sarifRegion(edit.range), insertedContent: { text: edit.newText } })),
          },
        ],
      }));
    }
    const properties: Record<string, unknown> = {};
    if (finding.evidence !== undefined) properties.evidence = finding.evidence;
    if (finding.equivalents.length > 0) properties.equivalents = finding.equivalents;
    if (finding.compliance.length > 0) properties.compliance = finding.compliance;
    if (Object.keys(properties).length > 0) sarifResult.properties = properties;
    return sarifResult;
  });
  const notifications = result.errors.map((error) => {
    const notification: Record<string, unknown> = {
      level: 'error',
      message: { text: error.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(error.file) } }],
    };
    if (error.rule) {
      notification.associatedRule = { id: error.rule, ...(ruleIndex.has(error.rule) ? { index: ruleIndex.get(error.rule) } : {}) };
    }
    return notification;
  });
  const srcRoot = pathToFileURL(options.cwd).href;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Drydock',
            version: options.version,
            semanticVersion: options.version,
            informationUri: INFORMATION_URI,
            rules: rules.map(sarifRule),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { [SRCROOT]: { uri: srcRoot.endsWith('/') ? srcRoot : `${srcRoot}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** The SARIF file `drydock scan --format sarif` writes (and the editor's "Export SARIF" writes the same). */
export function sarifText(result: ScanResult, cwd: string): string {
  return `${JSON.stringify(toSarif(result, allRules, { version: TOOL_VERSION, cwd }), null, 2)}\n`;
}
