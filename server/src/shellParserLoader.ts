/**
 * Loads the shell parser's WASM files from disk (IO lives here, not in core/). In a bundle the
 * files sit in `wasm/` beside the script; from sources they come from node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShellParser } from './core/documents/shell';

function locate(fileName: string, packageFile: string): string {
  const bundled = join(__dirname, 'wasm', fileName);
  if (existsSync(bundled)) return bundled;
  return require.resolve(packageFile);
}

let pending: Promise<ShellParser> | undefined;

export function loadShellParser(): Promise<ShellParser> {
  pending ??= ShellParser.create({
    runtime: readFileSync(locate('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm')),
    bash: readFileSync(locate('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm')),
  });
  return pending;
}
