// `npm run package`: builds the production bundles (vsce runs `vscode:prepublish`) and packs the
// extension into drydock-<version>.vsix with @vscode/vsce 3.x (4.x needs node 22). What goes in is
// `.vscodeignore`'s whitelist. Prints the size and the largest entries, and fails above the budget.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listZipEntries } from './zip.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_BYTES = 25 * 1024 * 1024;
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${name}-${version}.vsix`);

const started = Date.now();
// --no-dependencies: everything the extension runs is bundled into dist/. The secret scan finds the
// made-up GitHub and npm tokens of the secret rules' fixtures and examples inside dist/server.js;
// only those two kinds are allowed, so a real secret of any other kind still stops the package.
const args = ['package', '--no-dependencies', '--allow-package-secrets', 'github', '--allow-package-secrets', 'npm', '--out', vsix];
const vsce = spawnSync(join(root, 'node_modules', '.bin', 'vsce'), args, { cwd: root, stdio: 'inherit' });
if (vsce.status !== 0) process.exit(vsce.status ?? 1);

const size = statSync(vsix).size;
const entries = listZipEntries(vsix).sort((a, b) => b.compressedSize - a.compressedSize);
const mb = (n) => `${(n / (1024 * 1024)).toFixed(2)} MB`;
console.log(`\n${relative(root, vsix)}: ${mb(size)} (${entries.length} entries, ${((Date.now() - started) / 1000).toFixed(1)} s; budget ${mb(BUDGET_BYTES)})`);
console.log('largest entries (compressed / uncompressed):');
for (const e of entries.slice(0, 8)) console.log(`  ${mb(e.compressedSize).padStart(9)} / ${mb(e.size).padStart(9)}  ${e.name}`);
if (size > BUDGET_BYTES) {
  console.error(`package: ${relative(root, vsix)} is ${mb(size)}, above the ${mb(BUDGET_BYTES)} budget`);
  process.exit(1);
}
