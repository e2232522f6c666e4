/**
 * The "Findings" view (`drydock.findings`, in the Drydock activity-bar container): Drydock's
 * diagnostics across the workspace — open files and, after "Scan Workspace", every file — grouped
 * as the user chose (findingGroups.ts does the grouping). It reads what VS Code already holds, so
 * it shows exactly what the Problems panel shows and refreshes when diagnostics change. Hints are
 * left out, as the Problems panel leaves them out.
 */
import * as vscode from 'vscode';
import { countSeverities, groupFindings, isGroupBy, type FindingItem, type GroupBy, type Severity, type TreeNode } from './findingGroups';

export const VIEW_ID = 'drydock.findings';
const SOURCE = 'drydock';
/** The one diagnostic about the analysis itself (a file too large…): not a finding. */
const ANALYSIS_PROBLEM_CODE = 'drydock/analysis';
/** Diagnostics arrive in bursts during a scan; the tree redraws once per burst. */
const REFRESH_DELAY_MS = 200;

const SEVERITY: Record<number, Severity> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

const ICONS: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
  hint: new vscode.ThemeIcon('lightbulb'),
};

function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return undefined;
}

/** Drydock's findings as VS Code holds them now (hints and analysis notes left out). */
export function currentFindings(): FindingItem[] {
  const items: FindingItem[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const rule = ruleOf(diagnostic);
      const severity = SEVERITY[diagnostic.severity];
      if (!rule || rule === ANALYSIS_PROBLEM_CODE || severity === 'hint') continue;
      const { start, end } = diagnostic.range;
      items.push({
        uri: uri.toString(),
        file: vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1),
        rule,
        severity,
        message: diagnostic.message,
        range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
      });
    }
  }
  return items;
}

export class FindingsView implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private roots: TreeNode[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Called after each refresh with the counts the tree shows (the status bar item). */
  onCounts: (counts: Record<Severity, number>, files: number) => void = () => undefined;

  constructor() {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      vscode.languages.onDidChangeDiagnostics(() => this.scheduleRefresh()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('drydock.findings.groupBy') && this.refresh()),
    );
    this.refresh();
  }

  get groupBy(): GroupBy {
    const value = vscode.workspace.getConfiguration('drydock').get('findings.groupBy');
    return isGroupBy(value) ? value : 'severity';
  }

  private scheduleRefresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, REFRESH_DELAY_MS);
  }

  refresh(): void {
    const items = currentFindings();
    const by = this.groupBy;
    this.roots = groupFindings(items, by);
    void vscode.commands.executeCommand('setContext', 'drydock.findings.groupBy', by);
    const counts = countSeverities(items);
    const total = items.length;
    this.view.badge = total > 0 ? { value: total, tooltip: `${total} Drydock findings` } : undefined;
    this.view.description = total > 0 ? `${counts.error} errors · ${counts.warning} warnings` : undefined;
    this.onCounts(counts, new Set(items.map((i) => i.uri)).size);
    this.changed.fire(undefined);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.roots;
    return node.kind === 'group' ? node.children : [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const expanded = 'severity' in node.groups ? node.groups.severity === 'error' || node.groups.severity === 'warning' : 'rule' in node.groups;
      const item = new vscode.TreeItem(node.label, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      if ('severity' in node.groups) item.iconPath = ICONS[node.groups.severity];
      else if ('file' in node.groups) {
        item.resourceUri = vscode.Uri.parse(node.groups.uri);
        item.iconPath = vscode.ThemeIcon.File;
      } else item.iconPath = new vscode.ThemeIcon('law');
      item.contextValue = 'drydock.group';
      return item;
    }
    const { item: finding } = node;
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.iconPath = ICONS[finding.severity];
    item.tooltip = new vscode.MarkdownString().appendText(`${finding.message}\n\n${finding.rule} · ${finding.file}:${finding.range.start.line + 1}`);
    const { start, end } = finding.range;
    item.command = {
      title: 'Go to finding',
      command: 'vscode.open',
      arguments: [vscode.Uri.parse(finding.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character), preview: true } satisfies vscode.TextDocumentShowOptions],
    };
    item.contextValue = 'drydock.finding';
    return item;
  }

  async setGroupBy(by: GroupBy): Promise<void> {
    await vscode.workspace.getConfiguration('drydock').update('findings.groupBy', by, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
