/**
 * The extension-host suite's entry: VS Code loads this module as `extensionTestsPath` and calls
 * `run()` inside the extension host, where `vscode` is the real API. Both launchers use it: the
 * code-server one (test/e2e/extensionHost.test.ts, part of `npm test`) and @vscode/test-electron
 * (test/e2e/electron.ts, `npm run test:electron`). Results also go, test by test, to the JSON file
 * named by DRYDOCK_E2E_REPORT, which the launchers turn into their own pass/fail counts.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface SuiteReport {
  passes: number;
  failures: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }[];
}

/** In this order: the bad-input spec ends the run and checks the server was never restarted during it. */
const SPECS = ['editor.spec.js', 'fixOnSave.spec.js', 'badInput.spec.js'];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false, reporter: 'spec' });
  const unlisted = readdirSync(__dirname).filter((f) => f.endsWith('.spec.js') && !SPECS.includes(f));
  if (unlisted.length > 0) return Promise.reject(new Error(`add ${unlisted.join(', ')} to SPECS in test/e2e/suite/index.ts`));
  for (const file of SPECS) mocha.addFile(join(__dirname, file));
  const report: SuiteReport = { passes: 0, failures: 0, pending: 0, tests: [] };
  const write = () => {
    if (process.env.DRYDOCK_E2E_REPORT) writeFileSync(process.env.DRYDOCK_E2E_REPORT, JSON.stringify(report, null, 2));
  };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      write();
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      report.passes++;
      report.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    runner.on('fail', (test, error: Error) => {
      report.failures++;
      report.tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: error.stack ?? String(error) });
    });
    runner.on('pending', (test) => {
      report.pending++;
      report.tests.push({ title: test.fullTitle(), state: 'pending' });
    });
  });
}
