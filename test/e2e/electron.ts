/**
 * `npm run test:electron`: the same extension-host suite (test/e2e/suite) in desktop VS Code through
 * @vscode/test-electron. It downloads VS Code (update.code.visualstudio.com) on first use, so it is not
 * part of `npm test`, which runs the suite offline in code-server (test/e2e/extensionHost.test.ts).
 * VS Code version: DRYDOCK_VSCODE_VERSION (default 1.100.3, the version code-server 4.100.3 embeds;
 * `stable` for the newest). Linux without a display: `xvfb-run -a npm run test:electron`.
 */
import { runTests } from '@vscode/test-electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuiteReport } from './suite/index';
import { E2E_TODAY, REPO_ROOT, Scratch } from './harness/codeServer';

async function main(): Promise<number> {
  const scratch = new Scratch();
  const report = join(scratch.root, 'report.json');
  let exitCode: number;
  try {
    exitCode = await runTests({
      version: process.env.DRYDOCK_VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: join(REPO_ROOT, 'out', 'test', 'e2e', 'suite', 'index.js'),
      launchArgs: [scratch.workspace, '--user-data-dir', scratch.userData, '--extensions-dir', scratch.extensions, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { DRYDOCK_E2E_REPORT: report, DRYDOCK_TODAY: E2E_TODAY },
    });
  } catch (error) {
    console.error(`test:electron: ${(error as Error).message}`);
    exitCode = 1;
  }
  if (existsSync(report)) {
    const result = JSON.parse(readFileSync(report, 'utf8')) as SuiteReport;
    for (const t of result.tests) console.log(`${t.state === 'passed' ? 'ok' : t.state === 'pending' ? 'skip' : 'FAILED'}  ${t.title}${t.error ? `\n${t.error}` : ''}`);
    console.log(`${result.passes} passed, ${result.failures} failed, ${result.pending} skipped`);
  }
  scratch.remove();
  return exitCode;
}

void main().then((code) => process.exit(code));
