/**
 * A real VS Code workbench for the e2e tests: code-server 4.100.3 (= VS Code 1.100.3, installed by
 * scripts/setup-e2e.sh into a cache outside the clone) serving one throwaway user-data and
 * extensions folder on loopback, and Debian's Chromium driven by playwright-core (which never
 * downloads a browser). Every run writes only inside its own scratch folder: code-server and
 * Chromium would otherwise write config and logs into $HOME (shared/design/e2e-feasibility.md §5).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM = '/usr/bin/chromium';
/** The date end-of-life rules judge by, so the fixtures' findings do not change with the calendar. */
export const E2E_TODAY = '2026-11-26';
/** The workspace the suites open: copied per run, because the tests edit and save its files. */
export const FIXTURE_WORKSPACE = join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'workspace');
/** Screenshots and logs of failed runs (gitignored). */
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'e2e');

/** The same path scripts/setup-e2e.sh installs into. */
export function codeServerHome(): string {
  const cache = process.env.DRYDOCK_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'drydock-e2e');
  return join(cache, `code-server-${CODE_SERVER_VERSION}`);
}

/** Fails with the way out rather than skipping: the e2e suites are part of `npm test`. */
export function requireTools(): { codeServer: string } {
  const home = codeServerHome();
  const codeServer = join(home, 'node_modules', '.bin', 'code-server');
  if (!existsSync(join(home, '.installed')) || !existsSync(codeServer)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${home}: run bash scripts/setup-e2e.sh (npm test does)`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/setup-e2e.sh (it installs Debian's chromium)`);
  return { codeServer };
}

/** Settings that keep first-run UI (trust dialog, welcome page, walkthroughs, tips) off the editor. */
const QUIET_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'git.enabled': false,
  'editor.hover.delay': 200,
  'files.autoSave': 'off',
};

/** One run's folders, all under one temporary directory that `remove()` deletes. */
export class Scratch {
  readonly root = mkdtempSync(join(tmpdir(), 'drydock-e2e-'));
  readonly userData = join(this.root, 'user-data');
  readonly extensions = join(this.root, 'extensions');
  readonly workspace = join(this.root, 'workspace');
  readonly profile = join(this.root, 'chromium-profile');
  readonly config = join(this.root, 'config.yaml');
  readonly xdgConfig = join(this.root, 'xdg-config');
  readonly xdgData = join(this.root, 'xdg-data');

  constructor(settings: Record<string, unknown> = {}) {
    for (const dir of [this.extensions, this.profile, this.xdgConfig, this.xdgData, join(this.userData, 'User')]) mkdirSync(dir, { recursive: true });
    cpSync(FIXTURE_WORKSPACE, this.workspace, { recursive: true });
    // The on-device model's showcase, as examples/ ships it: the suite proves the editor shows what the README promises.
    cpSync(join(REPO_ROOT, 'examples', 'tampered-build', 'Dockerfile'), join(this.workspace, 'tampered', 'Dockerfile'));
    writeFileSync(join(this.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
    writeFileSync(this.config, 'auth: none\ncert: false\n');
  }

  /** code-server's arguments that keep it inside this folder. */
  args(): string[] {
    return ['--config', this.config, '--user-data-dir', this.userData, '--extensions-dir', this.extensions];
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, XDG_CONFIG_HOME: this.xdgConfig, XDG_DATA_HOME: this.xdgData, DRYDOCK_TODAY: E2E_TODAY, ...extra };
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** `code-server --install-extension <vsix>` into the scratch extensions folder (the packaged file, not the source tree). */
export function installExtension(scratch: Scratch, vsix: string): void {
  const { codeServer } = requireTools();
  const result = spawnSync(codeServer, [...scratch.args(), '--install-extension', vsix], { env: scratch.env(), encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || !/successfully installed/.test(output)) throw new Error(`installing ${vsix} failed (exit ${result.status}):\n${output}`);
}

export interface RunningCodeServer {
  url: string;
  /** Everything code-server printed, for failure reports. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts code-server on a free loopback port and resolves once /healthz answers. */
export async function startCodeServer(scratch: Scratch, env: Record<string, string> = {}): Promise<RunningCodeServer> {
  const { codeServer } = requireTools();
  const args = [
    ...scratch.args(),
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  // Its own process group: code-server's file watcher child outlives a signal to the parent alone.
  const child = spawn(codeServer, args, { env: scratch.env(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const stop = () => stopGroup(child);
  try {
    const port = await waitFor(() => /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1], 60_000, () => `code-server did not start:\n${output}`, child);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => ((await fetch(`${url}/healthz`).catch(() => undefined))?.ok ? true : undefined), 30_000, () => `code-server /healthz never answered:\n${output}`, child);
    return { url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, describe: () => string, child?: ChildProcess): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (child && child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${describe()}`);
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Debian's Chromium, headless, with a fresh profile inside the scratch folder. */
export async function openBrowser(scratch: Scratch): Promise<BrowserContext> {
  return chromium.launchPersistentContext(scratch.profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: scratch.env(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The workbench URL for a folder on this machine, with an optional `payload` (development extension and tests). */
export function workbenchUrl(server: RunningCodeServer, folder: string, payload?: [string, string][]): string {
  const query = new URLSearchParams({ folder });
  if (payload) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query.toString()}`;
}

/** A path on this machine as the workbench names it (development extension and test paths take these). */
export function remoteUri(server: RunningCodeServer, path: string): string {
  return `vscode-remote://${new URL(server.url).host}${path}`;
}
