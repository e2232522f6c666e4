/// <reference types="mocha" />
/**
 * Each kind of file the extension reads, opened in a real editor: the diagnostics VS Code holds
 * (rule id in `code`, range, severity), the hover VS Code shows, the code actions it offers, and the
 * text after one of them is applied — through the `vscode` API only.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ruleById } from '../../../server/src/core/rules';
import { assertRange, closeAll, codeActions, codeOf, diagnosticFor, drydockDiagnostics, hoverText, open, waitFor } from './helpers';

interface FixCase {
  file: string;
  languageId: string;
  rule: string;
  severity: vscode.DiagnosticSeverity;
  start: [number, number];
  end: [number, number];
  fixTitle: string;
  /** The whole file after the fix. */
  fixed: string;
}

const CASES: FixCase[] = [
  {
    file: 'Dockerfile',
    languageId: 'dockerfile',
    rule: 'dockerfile/sudo',
    severity: vscode.DiagnosticSeverity.Warning,
    start: [3, 4],
    end: [3, 8],
    fixTitle: 'Remove sudo',
    fixed: 'FROM node:22-bookworm-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD node server.js\n',
  },
  {
    file: 'k8s/deployment.yaml',
    languageId: 'yaml',
    rule: 'kubernetes/privileged-container',
    severity: vscode.DiagnosticSeverity.Error,
    start: [17, 12],
    end: [17, 28],
    fixTitle: 'Remove privileged: true',
    fixed: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  namespace: shop',
      'spec:',
      '  replicas: 2',
      '  selector:',
      '    matchLabels: {app: web}',
      '  template:',
      '    metadata:',
      '      labels: {app: web}',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: registry.example.com/shop/web:1.4.2',
      '',
    ].join('\n'),
  },
  {
    file: 'compose/compose.yaml',
    // VS Code's built-in Docker language support claims compose files.
    languageId: 'dockercompose',
    rule: 'compose/privileged',
    severity: vscode.DiagnosticSeverity.Error,
    start: [3, 4],
    end: [3, 20],
    fixTitle: 'Remove privileged: true',
    fixed: 'services:\n  api:\n    image: registry.example.com/shop/api:2.1.0\n    ports:\n      - "8080:8080"\n',
  },
];

describe('files in the editor', () => {
  afterEach(closeAll);

  for (const c of CASES) {
    describe(c.file, () => {
      it(`publishes ${c.rule} with its range and severity`, async () => {
        const editor = await open(c.file);
        assert.equal(editor.document.languageId, c.languageId);
        const diagnostic = await diagnosticFor(editor.document.uri, c.rule);
        assertRange(diagnostic.range, c.start, c.end);
        assert.equal(diagnostic.severity, c.severity);
        assert.equal(diagnostic.source, 'drydock');
        assert.ok(diagnostic.message.length > 10, diagnostic.message);
        // The rule id links to its documentation.
        assert.ok(typeof diagnostic.code === 'object' && /rules\.md/.test(diagnostic.code.target.toString()), JSON.stringify(diagnostic.code));
      });

      it('explains the finding in a hover', async () => {
        const editor = await open(c.file);
        const diagnostic = await diagnosticFor(editor.document.uri, c.rule);
        const rule = ruleById(c.rule)!;
        const text = await hoverText(editor.document.uri, diagnostic.range.start.translate(0, 1));
        assert.ok(text.includes(c.rule), text);
        assert.ok(text.includes(rule.title), `hover lacks the title "${rule.title}": ${text}`);
        assert.ok(text.includes('Why it matters'), text);
        assert.ok(text.includes(diagnostic.message.slice(0, 30)), text);
      });

      it(`offers "${c.fixTitle}" and applying it gives the fixed file`, async () => {
        const editor = await open(c.file);
        const uri = editor.document.uri;
        const diagnostic = await diagnosticFor(uri, c.rule);
        const actions = await codeActions(uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
        const titles = actions.map((a) => a.title);
        const fix = actions.find((a) => a.title === c.fixTitle);
        assert.ok(fix?.edit, `no "${c.fixTitle}" among ${JSON.stringify(titles)}`);
        assert.equal(fix.isPreferred, true);
        assert.ok(titles.includes(`Show documentation for ${c.rule}`), JSON.stringify(titles));
        assert.ok(titles.some((t) => t.startsWith('Ignore') && t.includes(c.rule)), JSON.stringify(titles));
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
        assert.equal(editor.document.getText(), c.fixed);
        await waitFor(`${c.rule} to go after the fix`, () => (drydockDiagnostics(uri).some((d) => codeOf(d) === c.rule) ? undefined : true));
        await vscode.commands.executeCommand('workbench.action.files.revert');
      });
    });
  }

  describe('tampered-build Dockerfile (on-device model)', () => {
    it('publishes model findings from the server worker, with evidence in the hover', async () => {
      const editor = await open('tampered/Dockerfile');
      const uri = editor.document.uri;
      // Rules first, the model's findings with a later publish (the worker loads onnxruntime and the models).
      const reverseShell = await diagnosticFor(uri, 'model/reverse-shell', 60_000);
      assertRange(reverseShell.range, [8, 4], [8, 176]);
      assert.equal(reverseShell.severity, vscode.DiagnosticSeverity.Information);
      assert.match(reverseShell.message, /reverse or bind shell.*model score/);
      const secret = await diagnosticFor(uri, 'model/secret', 60_000);
      assertRange(secret.range, [9, 18], [9, 42]);
      assert.equal(secret.severity, vscode.DiagnosticSeverity.Warning);
      const hover = await hoverText(uri, new vscode.Position(8, 10));
      assert.match(hover, /model\/reverse-shell/);
      assert.match(hover, /Evidence:/);
      // A model finding can be marked as expected, not only ignored.
      const titles = (await codeActions(uri, reverseShell.range, vscode.CodeActionKind.QuickFix.value)).map((a) => a.title);
      assert.ok(titles.includes('Mark as expected (model/reverse-shell)'), JSON.stringify(titles));
    });
  });
});
