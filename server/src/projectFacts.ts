/**
 * What the shells know about the files around a Dockerfile (IO lives here, not in core/). The
 * CLI and the language server both call `projectFactsFor`, so a rule sees the same facts in both.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ProjectFacts } from './core/rule';

/**
 * BuildKit reads `<Dockerfile name>.dockerignore` beside the Dockerfile in preference to the
 * context's `.dockerignore`; the context is not known from the file alone, so the Dockerfile's
 * own folder stands in for it (the common `docker build .` layout).
 */
export function projectFactsFor(filePath: string): ProjectFacts {
  const folder = dirname(filePath);
  for (const candidate of [join(folder, `${basename(filePath)}.dockerignore`), join(folder, '.dockerignore')]) {
    const patterns = readDockerignore(candidate);
    if (patterns) return { hasDockerignore: true, dockerignorePatterns: patterns };
  }
  return { hasDockerignore: false };
}

function readDockerignore(path: string): string[] | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    return readFileSync(path, 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  } catch {
    return undefined;
  }
}
