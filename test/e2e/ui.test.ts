/**
 * UI smoke tests: the PACKAGED extension (the .vsix `npm run package` made, installed with
 * `code-server --install-extension` into a throwaway extensions folder) in the code-server
 * workbench, driven like a person would: open a file, see the squiggle, read the hover, fix it with
 * Ctrl+. and Enter, save, and find the fix in the file on disk. A failing scenario leaves a
 * screenshot and the workbench's logs in test-artifacts/e2e/, and so does one that passed only after retrying a move
 * (DRYDOCK_E2E_SCREENSHOTS=1 keeps a screenshot per step and the logs on success too).
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ARTIFACTS, FIXTURE_WORKSPACE, REPO_ROOT, Scratch, installExtension, openBrowser, requireTools, startCodeServer, workbenchUrl, type RunningCodeServer } from './harness/codeServer';
import { Workbench } from './harness/workbench';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  publisher: string;
  contributes?: { views?: Record<string, { id: string; name: string }[]>; commands?: { command: string; title: string; category?: string }[] };
};
const VSIX = join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
const FINDINGS_VIEW = 'drydock.findings';
const stepShots = process.env.DRYDOCK_E2E_SCREENSHOTS === '1';
/**
 * The budget of the run's first squiggle: on a cold machine (a fresh code-server, nothing in the page cache, other
 * work on both cores) the first activation of the extension and the first start of its server take far longer than
 * any later one. Only the first scenario gets it; every later one waits the harness's usual 30 s.
 */
const FIRST_START_MS = 120_000;
let firstScenarioStarted = false;
/** True for the first scenario of the run only. */
function firstStart(): boolean {
  const first = !firstScenarioStarted;
  firstScenarioStarted = true;
  return first;
}

/** One finding per file kind, fixed the way a person would; `removed` is the text its fix deletes. */
const FIX_SCENARIOS = [
  {
    name: 'dockerfile',
    title: 'Dockerfile',
    file: 'Dockerfile',
    firstLine: 'FROM node:22-bookworm-slim',
    line: 'RUN sudo npm ci',
    word: 'sudo',
    kind: 'warning',
    rule: 'dockerfile/sudo',
    ruleTitle: 'sudo used in RUN',
    fixTitle: 'Remove sudo',
    removed: 'sudo ',
    lineAfter: 'RUN npm ci --omit=dev',
  },
  {
    name: 'kubernetes',
    title: 'Kubernetes manifest',
    file: 'k8s/deployment.yaml',
    firstLine: 'kind: Deployment',
    line: 'privileged: true',
    word: 'privileged: true',
    kind: 'error',
    rule: 'kubernetes/privileged-container',
    ruleTitle: 'Privileged container',
    fixTitle: 'Remove privileged: true',
    // The securityContext the fix empties goes with the key.
    removed: '          securityContext:\n            privileged: true\n',
    lineAfter: undefined,
  },
] as const;

describe('UI smoke: the packaged extension in the code-server workbench', { timeout: 10 * 60_000 }, () => {
  let scratch: Scratch;
  let server: RunningCodeServer;
  let browser: BrowserContext;

  before(async () => {
    requireTools();
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package (npm test does)`);
    scratch = new Scratch();
    installExtension(scratch, VSIX);
    const installed = readdirSync(scratch.extensions).filter((d) => d.startsWith(`${manifest.publisher}.${manifest.name}-`));
    assert.deepEqual(installed, [`${manifest.publisher}.${manifest.name}-${manifest.version}`], 'the .vsix is the only copy of the extension the workbench can load');
    server = await startCodeServer(scratch);
    browser = await openBrowser(scratch);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    scratch?.remove();
  });

  /** A fresh tab on the workspace per scenario; a screenshot and the server log when it fails. */
  async function scenario(t: TestContext, name: string, body: (workbench: Workbench, shot: (step: string) => Promise<void>) => Promise<void>): Promise<void> {
    const page = await browser.newPage();
    const workbench = new Workbench(page);
    const console: string[] = [];
    page.on('console', (message) => void console.push(`${new Date().toISOString()} ${message.type()} ${message.text()}`));
    const begun = Date.now();
    const timeline: string[] = [];
    let step = 'load';
    const shot = async (label: string) => {
      timeline.push(`${label} +${Date.now() - begun} ms`);
      step = label;
      if (stepShots) await workbench.screenshot(`${name}-${label}`);
    };
    try {
      await workbench.load(workbenchUrl(server, scratch.workspace), 'Dockerfile');
      await shot('workbench');
      await body(workbench, shot);
      t.diagnostic(`steps: ${timeline.join(', ')}`);
      // A move the workbench needed again passed, but what it saw is kept: the next cold machine may fail there.
      if (workbench.notes.length > 0) t.diagnostic(`retried:\n${workbench.notes.join('\n')}`);
      if (stepShots || workbench.notes.length > 0) t.diagnostic(`logs: ${saveLogs(name, scratch, server.output(), console)}`);
    } catch (error) {
      const path = await workbench.screenshot(`${name}-failed-at-${step}`).catch(() => undefined);
      t.diagnostic(`screenshot: ${path}; steps before the failure: ${timeline.join(', ')}`);
      t.diagnostic(`logs: ${saveLogs(name, scratch, server.output(), console)}`);
      throw error;
    } finally {
      await page.close();
    }
  }

  for (const c of FIX_SCENARIOS) {
    test(`${c.title}: squiggle, hover, quick fix by keyboard, saved file changed`, async (t) => {
      await scenario(t, c.name, async (workbench, shot) => {
        await workbench.quickOpen(c.file, c.firstLine);
        await shot('opened');
        // The first squiggle of the run waits for the extension's first activation and the server's first start.
        await workbench.squiggleUnder(c.line, c.word, c.kind, firstStart() ? FIRST_START_MS : undefined);
        await shot('squiggle');
        // The rule's title, id and explanation come from the language server's hover.
        const hover = await workbench.hoverSquiggle(c.line, c.word, c.kind, [c.ruleTitle, c.rule, 'Why it matters']);
        assert.match(hover, /How to fix/);
        await shot('hover');
        const offered = await workbench.quickFix(await workbench.squiggleUnder(c.line, c.word, c.kind), c.fixTitle);
        assert.ok(offered.includes(`Show documentation for ${c.rule}`), JSON.stringify(offered));
        await workbench.save();
        const original = readFileSync(join(FIXTURE_WORKSPACE, c.file), 'utf8');
        await waitForFile(join(scratch.workspace, c.file), original.replace(c.removed, ''));
        await workbench.squigglesGone(c.kind, c.lineAfter);
        await shot('fixed');
      });
    });
  }

  const view = Object.values(manifest.contributes?.views ?? {})
    .flat()
    .find((v) => v.id === FINDINGS_VIEW);
  test('findings view lists the workspace findings', { skip: view ? false : `findings view lands with issue 6 item 5 (no ${FINDINGS_VIEW} view in package.json yet)` }, async (t) => {
    await scenario(t, 'findings-view', async (workbench, shot) => {
      await workbench.runCommand(`Focus on ${view!.name} View`);
      // The view is the only one in its activity-bar container, so the workbench shows no pane header for it (the
      // container's title says "DRYDOCK: FINDINGS"): its rows are the side bar's list rows.
      const rows = workbench.page.locator('.part.sidebar .pane-body .monaco-list-row');
      const scan = manifest.contributes?.commands?.find((c) => c.command === 'drydock.scanWorkspace');
      if (scan) await workbench.runCommand(`${scan.category ? `${scan.category}: ` : ''}${scan.title}`);
      // compose/compose.yaml is never opened by these tests: its finding is listed only if the whole workspace was
      // analysed. Groups (by severity, file or rule) are opened until it shows.
      const listed = rows.filter({ hasText: /compose\.yaml|compose\/privileged/ }).first();
      const deadline = Date.now() + 60_000;
      while (!(await listed.isVisible())) {
        assert.ok(Date.now() < deadline, `the ${view!.name} view never listed compose/compose.yaml's findings: ${JSON.stringify(await rows.allInnerTexts())}`);
        const collapsed = rows.and(workbench.page.locator('[aria-expanded="false"]')).first();
        if (await collapsed.isVisible()) await collapsed.locator('.monaco-tl-twistie').click();
        else await workbench.page.waitForTimeout(200);
      }
      await shot('listed');
    });
  });

  const report = manifest.contributes?.commands?.find((c) => c.command === 'drydock.showReport');
  test('security report: the webview draws its charts; its screenshot is kept', { skip: report ? false : 'no drydock.showReport command' }, async (t) => {
    await scenario(t, 'report', async (workbench, shot) => {
      await workbench.runCommand(`${report!.category ? `${report!.category}: ` : ''}${report!.title}`);
      // A webview is an iframe holding the extension's page in an inner iframe.
      const page = workbench.page.frameLocator('iframe.webview').frameLocator('#active-frame');
      await page.getByRole('heading', { name: 'Drydock Security Report' }).waitFor({ timeout: 60_000 });
      await page.locator('svg').first().waitFor({ timeout: 60_000 });
      await shot('drawn');
      const path = await workbench.screenshot('report');
      assert.ok(existsSync(path), `no screenshot at ${path}`);
      t.diagnostic(`report screenshot: ${path}`);
    });
  });
});

/** Polls the file on disk until it holds exactly `expected` (a save in flight may be seen half written). */
async function waitForFile(path: string, expected: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (readFileSync(path, 'utf8') !== expected) {
    if (Date.now() > deadline) assert.equal(readFileSync(path, 'utf8'), expected, `${path} after the save`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * What a failed scenario leaves next to its screenshot: code-server's output, the page console and the workbench's
 * own logs (window, extension host, and the Drydock output channel among them), which die with the scratch folder.
 */
function saveLogs(name: string, scratch: Scratch, serverOutput: string, console: string[]): string {
  const dir = join(ARTIFACTS, `${name}-logs`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'code-server.log'), serverOutput);
  writeFileSync(join(dir, 'console.log'), console.join('\n'));
  const workbenchLogs = join(scratch.userData, 'logs');
  if (existsSync(workbenchLogs)) cpSync(workbenchLogs, join(dir, 'workbench'), { recursive: true });
  return dir;
}
