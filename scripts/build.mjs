// Bundles the client, the language server, the CLI and the model worker with esbuild, and copies
// the WASM files they load at run time next to the bundles (tree-sitter in dist/wasm/, the
// onnxruntime-web loader and WASM in dist/ort/, the shipped models in dist/models/<name>/).
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

mkdirSync(join(dist, 'wasm'), { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'wasm', 'web-tree-sitter.wasm'));
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), join(dist, 'wasm', 'tree-sitter-bash.wasm'));

// onnxruntime-web: only the Node loader's WASM build ships (not the 139 MB package); the model
// worker points `ort.env.wasm.wasmPaths` at dist/ort/.
const ortDist = join(root, 'node_modules', 'onnxruntime-web', 'dist');
mkdirSync(join(dist, 'ort'), { recursive: true });
for (const file of ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm']) copyFileSync(join(ortDist, file), join(dist, 'ort', file));

// Shipped models: models/<name>/{model.onnx,model.json} → dist/models/<name>/ (training code,
// golden vectors and evaluation splits stay in the repository).
rmSync(join(dist, 'models'), { recursive: true, force: true });
for (const entry of readdirSync(join(root, 'models'), { withFileTypes: true })) {
  if (!entry.isDirectory()) continue;
  const from = join(root, 'models', entry.name);
  if (!existsSync(join(from, 'model.onnx')) || !existsSync(join(from, 'model.json'))) continue;
  mkdirSync(join(dist, 'models', entry.name), { recursive: true });
  for (const file of ['model.onnx', 'model.json']) copyFileSync(join(from, file), join(dist, 'models', entry.name, file));
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // web-tree-sitter resolves to its ES module build, which reads import.meta.url; in a CommonJS
  // bundle that is empty and Parser.init() throws, so give it the bundle's own URL.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: 'const __bundleUrl = require("url").pathToFileURL(__filename).href;' },
  // onnxruntime-web's ESM build calls createRequire(import.meta.url) and crashes in a CommonJS
  // bundle; its CommonJS Node build does not (shared/design/model-feasibility.md §2.1).
  alias: { 'onnxruntime-web': './node_modules/onnxruntime-web/dist/ort.node.min.js' },
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['server/src/model/worker.ts'], outfile: 'dist/modelWorker.js' },
  { entryPoints: ['test/bench/bench.ts'], outfile: 'dist/bench.js', external: ['dockerfile-utils'] },
].filter((e) => existsSync(join(root, e.entryPoints[0])));

if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  // A production build writes no maps; a dev build's maps beside the minified bundles would mislead a debugger.
  if (production) for (const e of entries) rmSync(join(root, `${e.outfile}.map`), { force: true });
  if (existsSync(join(dist, 'cli.js'))) chmodSync(join(dist, 'cli.js'), 0o755);
}
