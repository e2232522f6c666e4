/**
 * The security report page (client/src/reportHtml.ts): strict CSP with a nonce, no inline style,
 * no colour outside the theme's variables, no remote content, escaped file names, charts whose
 * bars are proportional, and the image section saying when scanning is off.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport, type ReportPage } from '../../client/src/reportHtml';
import { securityReport } from '../../server/src/core/report';
import { allRules } from '../../server/src/core/rules';
import { analyzeDocument } from '../../server/src/core/engine';
import type { SecurityReportResponse } from '../../server/src/lsp/workspaceScan';

const ROOT = join(__dirname, '..', '..', '..');
const PAGE: ReportPage = { cspSource: 'vscode-webview://abc', nonce: 'n0nce+/=', styleUri: 'vscode-webview://abc/media/report.css', scriptUri: 'vscode-webview://abc/media/report.js' };
const HOSTILE = 'evil/<img src=x onerror=alert(1)>/Dockerfile';

function response(images: Parameters<typeof securityReport>[0]['images'] = { enabled: false }): SecurityReportResponse {
  const dockerfile = analyzeDocument({ fileName: 'Dockerfile', text: 'FROM ubuntu:latest\nUSER root\nEXPOSE 22\n' }, undefined, { project: {} }).findings;
  const report = securityReport({
    files: [
      { file: HOSTILE, findings: dockerfile },
      { file: 'app/Dockerfile', findings: dockerfile.slice(0, 1) },
    ],
    rules: allRules,
    images,
    leftToPeers: 2,
  });
  return { report, scope: 'workspace', scannedAt: '2026-01-02T03:04:05.000Z', generatedAt: '2026-01-02T03:05:00.000Z', uris: { [HOSTILE]: 'file:///ws/x', 'app/Dockerfile': 'file:///ws/app/Dockerfile' } };
}

describe('security report page', () => {
  const html = renderReport(response(), PAGE);

  it('declares a strict content security policy: nothing by default, the nonce for the script, styles from the extension only', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp, 'CSP meta');
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], [`'none'`]);
    assert.deepEqual(directives['script-src'], [`'nonce-${PAGE.nonce}'`]);
    assert.deepEqual(directives['style-src'], [PAGE.cspSource]);
    assert.ok(!csp.includes('unsafe'), 'no unsafe-inline or unsafe-eval');
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], new RegExp(`nonce="${PAGE.nonce.replace(/[+/=]/g, '\\$&')}"`));
    assert.match(scripts[0], /src="vscode-webview:\/\/abc\/media\/report\.js"/);
  });

  it('has no inline styles, event handlers, colours or remote URLs in the markup', () => {
    // Attribute names only: the text between tags may say anything (it is escaped).
    const attributes = [...html.matchAll(/<[a-z][^>]*>/gi)].flatMap((tag) => [...tag[0].replace(/"[^"]*"/g, '""').matchAll(/\s([a-z-]+)=/gi)].map((m) => m[1].toLowerCase()));
    assert.ok(attributes.length > 50);
    assert.ok(!attributes.includes('style'), 'no inline styles');
    assert.ok(!attributes.some((a) => a.startsWith('on')), 'no inline event handlers');
    assert.ok(!attributes.some((a) => ['fill', 'stroke', 'color', 'bgcolor'].includes(a)), 'colours come from classes');
    assert.doesNotMatch(html, /<style/i);
    assert.doesNotMatch(html, /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i, 'no hard-coded colours');
    assert.doesNotMatch(html, /https?:\/\//i, 'no remote content');
  });

  it('escapes file names and keeps them as data for the extension to resolve', () => {
    assert.ok(!html.includes('<img'), 'the hostile file name is not markup');
    assert.ok(html.includes('evil/&lt;img src=x onerror=alert(1)&gt;/Dockerfile'));
    assert.ok(html.includes(`data-open="app/Dockerfile"`));
    assert.doesNotMatch(html, /data-open="file:/, 'the page never holds URIs; the extension maps labels to them');
  });

  it('draws bars proportional to the counts, on one scale per chart', () => {
    const chart = /<figcaption>By file<\/figcaption>([\s\S]*?)<\/figure>/.exec(html)![1];
    const widths = [...chart.matchAll(/<div class="row">[\s\S]*?<\/div>/g)].map((row) =>
      [...row[0].matchAll(/width="([\d.]+)"/g)].reduce((sum, m) => sum + Number(m[1]), 0),
    );
    const totals = [...chart.matchAll(/<span class="value">(\d+)<\/span>/g)].map((m) => Number(m[1]));
    assert.equal(widths.length, 2);
    assert.ok(Math.abs(widths[0] - 100) < 0.05, 'the largest row fills the width');
    assert.ok(Math.abs(widths[1] / widths[0] - totals[1] / totals[0]) < 0.01, 'the others in proportion');
    assert.match(html, /aria-label="By file\. [^"]*: \d+/, 'the numbers are read out');
  });

  it('says image scanning is off, or charts vulnerabilities by severity and fixability', () => {
    assert.match(html, /Image scanning off/);
    assert.match(html, /data-settings="drydock.network.enabled"/);
    const on = renderReport(
      response({
        enabled: true,
        pending: 0,
        facts: [
          {
            reference: 'docker.io/library/debian:12',
            vulnerabilities: [
              { id: 'DSA-1', aliases: [], severity: 'critical', package: { ecosystem: 'deb', name: 'openssl', version: '1' }, fixedVersion: '2', ecosystem: 'Debian:12' },
              { id: 'DSA-2', aliases: [], severity: 'critical', package: { ecosystem: 'deb', name: 'zlib', version: '1' }, ecosystem: 'Debian:12' },
            ],
          },
        ],
      }),
      PAGE,
    );
    assert.doesNotMatch(on, /Image scanning off/);
    assert.match(on, /class="seg vuln-critical"[^>]*><title>Critical, fix available: 1<\/title>/);
    assert.match(on, /class="seg vuln-critical nofix"[^>]*><title>Critical, no fix yet: 1<\/title>/);
    assert.match(on, /docker\.io\/library\/debian:12/);
  });

  it('shows compliance coverage and what was left to a neighbour', () => {
    assert.match(html, /CIS Docker Benchmark/);
    assert.match(html, /class="item fail"/);
    assert.match(html, /2 of these findings are left to Docker DX or Red Hat YAML/);
  });

  it('offers a scan when the report covers only the open files', () => {
    const open = renderReport({ ...response(), scope: 'open-files', scannedAt: undefined }, PAGE);
    assert.match(open, /Open files only\. <button class="link" data-command="scan">/);
  });
});

describe('security report stylesheet and script', () => {
  const css = readFileSync(join(ROOT, 'media', 'report.css'), 'utf8');
  const script = readFileSync(join(ROOT, 'media', 'report.js'), 'utf8');

  it('takes every colour from VS Code theme variables', () => {
    const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
    assert.doesNotMatch(withoutComments, /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(|\b(red|green|blue|orange|yellow|black|white|gray|grey)\b\s*;/i);
    for (const [, property, value] of withoutComments.matchAll(/\b(color|background|fill|stroke|border-color)\s*:\s*([^;]+);/g)) {
      assert.match(value.trim(), /^(var\(--vscode-[\w-]+(, *[\w-]+)?\)|none|transparent|inherit)$/, `${property}: ${value}`);
    }
  });

  it('styles every class the page uses for colour', () => {
    for (const cls of ['sev-error', 'sev-warning', 'sev-info', 'sev-hint', 'vuln-critical', 'vuln-high', 'vuln-medium', 'vuln-low', 'vuln-unknown', 'nofix', 'cov-fail', 'cov-pass']) {
      assert.match(css, new RegExp(`\\.${cls}\\s*\\{`), cls);
    }
  });

  it('only posts messages: no network, no eval, no markup', () => {
    assert.match(script, /postMessage/);
    assert.doesNotMatch(script, /fetch\(|XMLHttpRequest|eval\(|innerHTML|new Function/);
  });
});
