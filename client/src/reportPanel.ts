/**
 * "Drydock: Show Security Report": one webview panel showing the summary the server computes
 * (drydock/securityReport), redrawn when diagnostics change while it is visible. The page's
 * script can only ask; this side decides: it opens files the report named, runs three commands
 * and opens one settings page.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { escapeHtml, renderReport } from './reportHtml';
import type { SecurityReportResponse } from '../../server/src/lsp/workspaceScan';

const VIEW_TYPE = 'drydock.report';
const REDRAW_DELAY_MS = 500;
/** Settings pages the report may open. */
const SETTINGS = new Set(['drydock.network.enabled']);

export interface ReportActions {
  fetch: () => Promise<SecurityReportResponse>;
  scan: () => Thenable<unknown>;
  exportSarif: () => Thenable<unknown>;
}

export class ReportPanel implements vscode.Disposable {
  private static current: ReportPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private last: SecurityReportResponse | undefined;
  private timer: NodeJS.Timeout | undefined;

  static show(extensionUri: vscode.Uri, actions: ReportActions): void {
    if (ReportPanel.current) {
      ReportPanel.current.panel.reveal();
      void ReportPanel.current.redraw();
      return;
    }
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Drydock Security Report', vscode.ViewColumn.Active, {
      enableScripts: true,
      // The page may load the extension's media folder and nothing else.
      localResourceRoots: [media],
    });
    ReportPanel.current = new ReportPanel(panel, media, actions);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly media: vscode.Uri,
    private readonly actions: ReportActions,
  ) {
    panel.iconPath = vscode.Uri.joinPath(media, 'drydock.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message)),
      panel.onDidChangeViewState(() => panel.visible && void this.redraw()),
      vscode.languages.onDidChangeDiagnostics(() => this.scheduleRedraw()),
    );
    panel.webview.html = this.message('Loading…');
    void this.redraw();
  }

  private scheduleRedraw(): void {
    if (this.timer || !this.panel.visible) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.redraw();
    }, REDRAW_DELAY_MS);
  }

  private async redraw(): Promise<void> {
    try {
      this.last = await this.actions.fetch();
    } catch (error) {
      this.panel.webview.html = this.message(`The report could not be computed: ${(error as Error).message}`);
      return;
    }
    const webview = this.panel.webview;
    webview.html = renderReport(this.last, {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'report.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'report.js')).toString(),
      formatTime: (iso) => new Date(iso).toLocaleString(),
    });
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!message || typeof message !== 'object') return;
    const { type, file, id } = message as { type?: unknown; file?: unknown; id?: unknown };
    if (type === 'refresh') return this.redraw();
    if (type === 'scan') {
      await this.actions.scan();
      return this.redraw();
    }
    if (type === 'export') return void (await this.actions.exportSarif());
    if (type === 'settings' && typeof id === 'string' && SETTINGS.has(id)) return void (await vscode.commands.executeCommand('workbench.action.openSettings', id));
    // Only a file the report itself listed, by the URI the server gave for it.
    const uri = type === 'open' && typeof file === 'string' ? this.last?.uris[file] : undefined;
    if (uri) await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preview: true });
  }

  private message(text: string): string {
    const csp = `default-src 'none'; style-src ${this.panel.webview.cspSource}`;
    const style = this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'report.css'));
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><link rel="stylesheet" href="${style}"></head><body><p class="note">${escapeHtml(text)}</p></body></html>`;
  }

  dispose(): void {
    if (ReportPanel.current === this) ReportPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
