/** Where the model tests find the bundles and the shipped models (this file compiles to out/test/model/). */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const DIST = join(REPO_ROOT, 'dist');
export const MODELS = join(REPO_ROOT, 'models');
export const SHIPPED = ['cmd-risk', 'secret-scorer'] as const;

export function assertWorkerBuilt(): void {
  for (const file of ['modelWorker.js', 'ort/ort-wasm-simd-threaded.mjs', 'ort/ort-wasm-simd-threaded.wasm']) {
    if (!existsSync(join(DIST, file))) throw new Error(`${join(DIST, file)} is missing: run \`node scripts/build.mjs\` first`);
  }
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** A fresh models folder with `cmd-risk/` and `secret-scorer/` subfolders. */
export function tempModelsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drydock-models-'));
  for (const name of SHIPPED) mkdirSync(join(dir, name));
  return dir;
}
