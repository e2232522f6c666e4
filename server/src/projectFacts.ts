/**
 * What the shells know about the files around a Dockerfile (IO lives here, not in core/). The CLI
 * reads synchronously, the language server asynchronously; both use the same candidates and the
 * same parsing, so a rule sees the same facts in both.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ProjectFacts } from './core/rule';
import { isYamlOrJsonName } from './core/documents/detect';

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

/** The kustomization files that may list a manifest as a patch: the ones in its own folder. */
export function kustomizationCandidates(manifestPath: string): string[] {
  const folder = dirname(manifestPath);
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => join(folder, name));
}

/**
 * Whether the kustomization lists `fileName` as a patch (`patches[].path`, `patchesStrategicMerge`,
 * `patchesJson6902[].path`): such a file holds fragments that the base completes.
 */
export function factsFromKustomization(text: string | undefined, fileName: string): ProjectFacts {
  if (text === undefined) return {};
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    return {};
  }
  if (!doc || typeof doc !== 'object') return {};
  const k = doc as Record<string, unknown>;
  const paths: string[] = [];
  for (const key of ['patches', 'patchesJson6902']) {
    if (Array.isArray(k[key])) for (const p of k[key] as unknown[]) if (p && typeof p === 'object' && typeof (p as { path?: unknown }).path === 'string') paths.push((p as { path: string }).path);
  }
  if (Array.isArray(k.patchesStrategicMerge)) for (const p of k.patchesStrategicMerge) if (typeof p === 'string') paths.push(p);
  const own = basename(fileName);
  return paths.some((p) => basename(p.replace(/\\/g, '/')) === own) ? { kustomizePatch: true } : {};
}

export function projectFactsFor(filePath: string): ProjectFacts {
  if (isYamlOrJsonName(filePath)) {
    for (const candidate of kustomizationCandidates(filePath)) {
      const text = readIfFile(candidate);
      if (text !== undefined) return factsFromKustomization(text, filePath);
    }
    return {};
  }
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
