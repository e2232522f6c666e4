/**
 * The .vsix `npm run package` made holds what the extension loads at run time and nothing else:
 * `.vscodeignore` is a whitelist, and this reads the zip's own directory to prove what came of it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const VSIX = join(ROOT, `${manifest.name}-${manifest.version}.vsix`);
const BUDGET_BYTES = 25 * 1024 * 1024;

/** Every file the package may hold, inside its `extension/` folder. */
const ALLOWED = [
  /^package\.json$/,
  /^readme\.md$/,
  /^LICENSE\.txt$/,
  /^images\/icon\.png$/,
  /^dist\/(client|server|modelWorker)\.js$/,
  /^dist\/wasm\/(web-tree-sitter|tree-sitter-bash)\.wasm$/,
  /^dist\/ort\/ort-wasm-simd-threaded\.(mjs|wasm)$/,
  /^dist\/models\/[a-z-]+\/model\.(onnx|json)$/,
  /^models\/README\.md$/,
  /^models\/[a-z-]+\/MODEL_CARD\.md$/,
  /^syntaxes\/[a-z.-]+\.tmLanguage\.json$/,
  /^schemas\/[a-z.-]+\.json$/,
  // The security report page's script and styles, the activity-bar icon, the walkthrough's pages.
  /^media\/(report\.(js|css)|drydock\.svg|walkthrough\/[a-z0-9-]+\.md)$/,
];

/** What the extension cannot run without. */
const REQUIRED = [
  'package.json',
  'dist/client.js',
  'dist/server.js',
  'dist/modelWorker.js',
  'media/report.js',
  'media/report.css',
  'dist/wasm/web-tree-sitter.wasm',
  'dist/wasm/tree-sitter-bash.wasm',
  'dist/ort/ort-wasm-simd-threaded.mjs',
  'dist/ort/ort-wasm-simd-threaded.wasm',
  'dist/models/cmd-risk/model.onnx',
  'dist/models/cmd-risk/model.json',
  'dist/models/secret-scorer/model.onnx',
  'dist/models/secret-scorer/model.json',
];

async function entries(): Promise<{ name: string; size: number; compressedSize: number }[]> {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package (npm test does)`);
  const { listZipEntries } = await import(pathToFileURL(join(ROOT, 'scripts', 'zip.mjs')).href);
  return listZipEntries(VSIX);
}

test('the .vsix holds only whitelisted files: no sources, maps, tests, node_modules, CLI or benchmark', async () => {
  const all = await entries();
  const files = all.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
  assert.deepEqual(all.map((e) => e.name).filter((n) => !n.startsWith('extension/')).sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
  for (const file of files) {
    assert.ok(!/\.(ts|map)$/.test(file), `${file}: sources and source maps stay out`);
    assert.ok(!/(^|\/)(node_modules|test|src|out)\//.test(file), `${file}: node_modules, tests and sources stay out`);
    assert.ok(ALLOWED.some((pattern) => pattern.test(file)), `${file} is not on the whitelist`);
  }
  assert.ok(!files.includes('dist/cli.js') && !files.includes('dist/bench.js'), 'the extension does not run the CLI or the benchmark');
});

test('the .vsix holds the language server, the model worker, the models and every WASM file they load', async () => {
  const all = await entries();
  const byName = new Map(all.map((e) => [e.name.replace(/^extension\//, ''), e]));
  for (const file of REQUIRED) {
    const entry = byName.get(file);
    assert.ok(entry, `${file} is missing from the package`);
    assert.ok(entry.size > 0, `${file} is empty`);
  }
  // The built copies, byte for byte in size: the package is not stale against dist/.
  for (const file of REQUIRED.filter((f) => /\.(wasm|onnx)$/.test(f))) assert.equal(byName.get(file)!.size, statSync(join(ROOT, file)).size, file);
  // Everything package.json points at is inside.
  const referenced = [manifest.main, manifest.icon, ...manifest.contributes.grammars.map((g: { path: string }) => g.path), ...manifest.contributes.yamlValidation.map((v: { url: string }) => v.url)];
  for (const path of referenced.filter(Boolean)) assert.ok(byName.has(path.replace(/^\.\//, '')), `package.json names ${path}, which is not in the package`);
});

test(`the .vsix stays under ${BUDGET_BYTES / 1024 / 1024} MB`, () => {
  const size = statSync(VSIX).size;
  assert.ok(size < BUDGET_BYTES, `${(size / 1024 / 1024).toFixed(2)} MB`);
});
