/**
 * What the shells know about the files around a Dockerfile (IO lives here, not in core/). The CLI
 * reads synchronously, the language server asynchronously; both use the same candidates and the
 * same parsing, so a rule sees the same facts in both.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ProjectFacts } from './core/rule';

/**
 * BuildKit reads `<Dockerfile name>.dockerignore` beside the Dockerfile in preference to the
 * context's `.dockerignore`; the context is not known from the file alone, so the Dockerfile's
 * own folder stands in for it (the common `docker build .` layout).
 */
export function dockerignoreCandidates(dockerfilePath: string): string[] {
  const folder = dirname(dockerfilePath);
  return [join(folder, `${basename(dockerfilePath)}.dockerignore`), join(folder, '.dockerignore')];
}

/** Facts from the text of the first .dockerignore found (undefined: none exists). */
export function factsFromDockerignore(text: string | undefined): ProjectFacts {
  if (text === undefined) return { hasDockerignore: false };
  const patterns = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return { hasDockerignore: true, dockerignorePatterns: patterns };
}

export function projectFactsFor(filePath: string): ProjectFacts {
  for (const candidate of dockerignoreCandidates(filePath)) {
    const text = readIfFile(candidate);
    if (text !== undefined) return factsFromDockerignore(text);
  }
  return factsFromDockerignore(undefined);
}

function readIfFile(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
