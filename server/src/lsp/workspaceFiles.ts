/**
 * The server's only file-system reads: the `.drydock.yaml` that applies to a document (nearest
 * one walking up from the document, not above its workspace folder) and the `.dockerignore`
 * beside a Dockerfile. Results are cached and dropped when a watched file changes.
 */
import { promises as fs } from 'node:fs';
import { dockerignoreCandidates, factsFromDockerignore, factsFromKustomization, kustomizationCandidates } from '../projectFacts';
import { isYamlOrJsonName } from '../core/documents/detect';
import { basename, dirname, join, relative, isAbsolute, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultConfig, parseConfigText, type DrydockConfig } from '../core/config';
import type { ProjectFacts } from '../core/rule';

export const CONFIG_FILE_NAMES = ['.drydock.yaml', '.drydock.yml'];
/** What the server asks the client to watch. */
export const WATCHED_GLOBS = ['**/.drydock.yaml', '**/.drydock.yml', '**/.dockerignore', '**/*.dockerignore', '**/kustomization.{yaml,yml}', '**/Kustomization'];

export interface ConfigFile {
  /** Absolute path of the file that applied, if any. */
  path?: string;
  config: DrydockConfig;
  problems: string[];
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).toString();
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export class WorkspaceFiles {
  private folders: string[] = [];
  private readonly configByDir = new Map<string, Promise<ConfigFile>>();
  private readonly factsByPath = new Map<string, Promise<ProjectFacts>>();

  setFolders(uris: string[]): void {
    this.folders = uris.map(uriToPath).filter((p): p is string => p !== undefined);
    this.clear();
  }

  get folderPaths(): readonly string[] {
    return this.folders;
  }

  clear(): void {
    this.configByDir.clear();
    this.factsByPath.clear();
  }

  /** True when `uri` names a file whose change affects analysis results. */
  static isWatched(uri: string): boolean {
    const name = uri.slice(uri.lastIndexOf('/') + 1);
    return CONFIG_FILE_NAMES.includes(name) || name.endsWith('.dockerignore') || /^(kustomization\.ya?ml|Kustomization)$/.test(name);
  }

  /** The workspace folder holding `path` (deepest one wins in multi-root workspaces). */
  folderOf(path: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.folders) if (isInside(folder, path) && (!best || folder.length > best.length)) best = folder;
    return best;
  }

  /** Config for a document: nearest `.drydock.yaml` up to the workspace folder (or the first folder for untitled documents). */
  configFor(uri: string): Promise<ConfigFile> {
    const path = uriToPath(uri);
    const startDir = path ? dirname(path) : this.folders[0];
    if (!startDir) return Promise.resolve({ config: defaultConfig(), problems: [] });
    let pending = this.configByDir.get(startDir);
    if (!pending) {
      pending = this.lookUp(startDir, (path && this.folderOf(path)) ?? (path ? undefined : startDir));
      this.configByDir.set(startDir, pending);
    }
    return pending;
  }

  private async lookUp(startDir: string, stopAt: string | undefined): Promise<ConfigFile> {
    let dir = startDir;
    for (;;) {
      for (const name of CONFIG_FILE_NAMES) {
        const candidate = join(dir, name);
        const text = await readText(candidate);
        if (text !== undefined) {
          const parsed = parseConfigText(text);
          return { path: candidate, config: parsed.config, problems: parsed.problems.map((p) => `${candidate}: ${p}`) };
        }
      }
      if (stopAt !== undefined && dir === stopAt) break;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return { config: defaultConfig(), problems: [] };
  }

  /** What rules may know about the project around a Dockerfile; empty (unknown) for untitled documents. */
  projectFactsFor(uri: string): Promise<ProjectFacts> {
    const path = uriToPath(uri);
    if (!path) return Promise.resolve({});
    let pending = this.factsByPath.get(path);
    if (!pending) {
      pending = this.readFacts(path);
      this.factsByPath.set(path, pending);
    }
    return pending;
  }

  private async readFacts(path: string): Promise<ProjectFacts> {
    if (isYamlOrJsonName(path)) {
      for (const candidate of kustomizationCandidates(path)) {
        const text = await readText(candidate);
        if (text !== undefined) return factsFromKustomization(text, path);
      }
      return {};
    }
    for (const candidate of dockerignoreCandidates(path)) {
      const text = await readText(candidate);
      if (text !== undefined) return factsFromDockerignore(text);
    }
    return factsFromDockerignore(undefined);
  }
}

/** A path as the user knows it: relative to its workspace folder, led by the folder's name in a multi-root workspace. */
export function displayPath(path: string, folders: readonly string[]): string {
  for (const folder of folders) {
    if (!isInside(folder, path)) continue;
    const rel = relative(folder, path).split(sep).join('/') || basename(path);
    return folders.length > 1 ? `${basename(folder)}/${rel}` : rel;
  }
  return path;
}
