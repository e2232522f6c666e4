/**
 * Launcher of the extension-host suite (test/e2e/suite) in code-server: the workbench's `payload`
 * URL parameter loads the repository as the development extension and the suite as its tests
 * (code-server's CLI has no --extensionDevelopmentPath), the remote Node extension host runs them,
 * and the workbench reports the exit code through window.codeAutomationExit. Each mocha test comes
 * back as a node:test subtest, so `npm test` counts and names them.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuiteReport } from './suite/index';
import { ARTIFACTS, REPO_ROOT, Scratch, openBrowser, remoteUri, requireTools, startCodeServer, workbenchUrl } from './harness/codeServer';

const SUITE = join(REPO_ROOT, 'out', 'test', 'e2e', 'suite', 'index.js');
const SUITE_TIMEOUT_MS = 8 * 60_000;

test('extension-host suite in code-server 4.100.3 (VS Code 1.100.3) + Debian Chromium', { timeout: SUITE_TIMEOUT_MS + 120_000 }, async (t) => {
  requireTools();
  assert.ok(existsSync(join(REPO_ROOT, 'dist', 'server.js')) && existsSync(SUITE), 'build and compile first (npm test does: node scripts/build.mjs && tsc -p .)');
  const scratch = new Scratch();
  const reportFile = join(scratch.root, 'report.json');
  const started = Date.now();
  const server = await startCodeServer(scratch, { DRYDOCK_E2E_REPORT: reportFile });
  const browser = await openBrowser(scratch);
  const console: string[] = [];
  let exitCode: number | undefined;
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    // The extension host's console (mocha's spec reporter) reaches the page's console.
    page.on('console', (message) => void console.push(message.text()));
    const exited = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)],
      ['extensionTestsPath', remoteUri(server, SUITE)],
    ];
    await page.goto(workbenchUrl(server, scratch.workspace, payload));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`)), SUITE_TIMEOUT_MS)));
    try {
      exitCode = await Promise.race([exited, timedOut]);
    } catch (error) {
      await page.screenshot({ path: artifact('extension-host-timeout.png') }).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    t.diagnostic(`suite finished with exit code ${exitCode} in ${((Date.now() - started) / 1000).toFixed(1)} s (code-server + Chromium + suite)`);
  } catch (error) {
    saveLogs('extension-host', server.output(), console);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
  const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as SuiteReport) : undefined;
  scratch.remove();

  if (!report) saveLogs('extension-host', server.output(), console);
  assert.ok(report, `the suite wrote no report (exit code ${exitCode}); extension host console:\n${console.slice(-40).join('\n')}`);
  for (const result of report.tests) {
    await t.test(result.title, result.state === 'pending' ? { skip: 'skipped inside the extension host' } : {}, (sub) => {
      if (result.durationMs !== undefined) sub.diagnostic(`${result.durationMs} ms in the extension host`);
      if (result.state === 'failed') throw new Error(result.error);
    });
  }
  if (exitCode !== 0 || report.failures > 0) saveLogs('extension-host', server.output(), console);
  assert.equal(report.failures, 0, `${report.failures} extension-host test(s) failed`);
  assert.equal(exitCode, 0, 'the workbench reports the suite failed');
  assert.ok(report.passes >= 10, `only ${report.passes} extension-host tests ran`);
});

function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

function saveLogs(name: string, serverOutput: string, console: string[]): void {
  writeFileSync(artifact(`${name}-code-server.log`), serverOutput);
  writeFileSync(artifact(`${name}-console.log`), console.join('\n'));
}
