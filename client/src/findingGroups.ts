/**
 * The findings view's tree and the status counts, from plain finding items (the view makes them
 * from VS Code's diagnostics). No `vscode` import: unit-tested in test/unit/findingGroups.test.ts.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type GroupBy = 'severity' | 'file' | 'rule';
export const GROUP_BY: readonly GroupBy[] = ['severity', 'file', 'rule'];

export interface FindingItem {
  uri: string;
  /** Workspace-relative path, as the user knows the file. */
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface GroupNode {
  kind: 'group';
  /** Stable across refreshes, so VS Code keeps what the user expanded. */
  id: string;
  /** With the count: `Errors (3)`. */
  label: string;
  /** What the group is: a severity, a file (its URI) or a rule. */
  groups: { severity: Severity } | { file: string; uri: string } | { rule: string };
  count: number;
  children: TreeNode[];
}

export interface FindingNode {
  kind: 'finding';
  id: string;
  item: FindingItem;
  label: string;
  /** Where it is (and which rule, when the group does not say). */
  description: string;
}

export type TreeNode = GroupNode | FindingNode;

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
const SEVERITY_NAMES: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Information', hint: 'Hints' };
/** A finding's label: the message's first line, cut where a tree row would cut it anyway. */
const LABEL_LIMIT = 140;

export function countSeverities(items: readonly FindingItem[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const item of items) counts[item.severity]++;
  return counts;
}

function byPosition(a: FindingItem, b: FindingItem): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule);
}

function bySeverityThenPosition(a: FindingItem, b: FindingItem): number {
  return ORDER[a.severity] - ORDER[b.severity] || byPosition(a, b);
}

function firstLine(message: string): string {
  const line = message.split(/\r?\n/, 1)[0].trim();
  return line.length > LABEL_LIMIT ? `${line.slice(0, LABEL_LIMIT - 1)}…` : line;
}

function findingNode(parentId: string, item: FindingItem, index: number, showRule: boolean, showFile: boolean): FindingNode {
  const where = `Ln ${item.range.start.line + 1}, Col ${item.range.start.character + 1}`;
  const parts = [showFile ? `${item.file}:${item.range.start.line + 1}` : where];
  if (showRule) parts.push(item.rule);
  return {
    kind: 'finding',
    id: `${parentId}/${item.rule}@${item.range.start.line}:${item.range.start.character}#${index}`,
    item,
    label: firstLine(item.message),
    description: parts.join(' · '),
  };
}

function partition<K>(items: readonly FindingItem[], key: (item: FindingItem) => K): Map<K, FindingItem[]> {
  const groups = new Map<K, FindingItem[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** One group per file, files in path order, findings in document order (worst first on a line). */
function fileGroups(parentId: string, items: readonly FindingItem[], showRule: boolean): GroupNode[] {
  return [...partition(items, (i) => i.uri).entries()]
    .map(([uri, list]) => {
      const id = `${parentId}/file:${uri}`;
      const sorted = [...list].sort(byPosition);
      return {
        kind: 'group' as const,
        id,
        label: `${list[0].file} (${list.length})`,
        groups: { file: list[0].file, uri },
        count: list.length,
        children: sorted.map((item, i) => findingNode(id, item, i, showRule, false)),
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The tree: by severity (worst first) then file; by file; or by rule (most findings first) then
 * file. Every group label carries its count.
 */
export function groupFindings(items: readonly FindingItem[], by: GroupBy): GroupNode[] {
  if (by === 'file') return fileGroups('by-file', items, true);
  if (by === 'rule') {
    return [...partition(items, (i) => i.rule).entries()]
      .map(([rule, list]) => {
        const id = `by-rule/rule:${rule}`;
        const worst = [...list].sort(bySeverityThenPosition)[0].severity;
        return { worst, node: { kind: 'group' as const, id, label: `${rule} (${list.length})`, groups: { rule }, count: list.length, children: fileGroups(id, list, false) } };
      })
      .sort((a, b) => ORDER[a.worst] - ORDER[b.worst] || b.node.count - a.node.count || a.node.label.localeCompare(b.node.label))
      .map((g) => g.node);
  }
  return [...partition(items, (i) => i.severity).entries()]
    .sort(([a], [b]) => ORDER[a] - ORDER[b])
    .map(([severity, list]) => {
      const id = `by-severity/severity:${severity}`;
      return { kind: 'group' as const, id, label: `${SEVERITY_NAMES[severity]} (${list.length})`, groups: { severity }, count: list.length, children: fileGroups(id, list, true) };
    });
}

/** `2 errors, 1 warning` — the status bar's words, in the Problems panel's order. */
export function countsText(counts: Record<Severity, number>): string {
  const parts: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (counts.error > 0) parts.push(plural(counts.error, 'error', 'errors'));
  if (counts.warning > 0) parts.push(plural(counts.warning, 'warning', 'warnings'));
  if (counts.info > 0) parts.push(plural(counts.info, 'info', 'infos'));
  return parts.length > 0 ? parts.join(', ') : 'no problems';
}

export function isGroupBy(value: unknown): value is GroupBy {
  return typeof value === 'string' && (GROUP_BY as readonly string[]).includes(value);
}
