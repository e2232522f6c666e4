import type { DocumentKind } from '../rule';

/** File-name patterns that make a file a Dockerfile, shared by the extension manifest and the CLI. */
export const DOCKERFILE_NAME_PATTERNS = ['Dockerfile', 'Dockerfile.*', '*.dockerfile', 'Containerfile', 'Containerfile.*', '*.containerfile'];

export function baseName(path: string): string {
  const normalised = path.replace(/\\/g, '/');
  return normalised.slice(normalised.lastIndexOf('/') + 1);
}

export function isDockerfileName(path: string): boolean {
  const name = baseName(path);
  const lower = name.toLowerCase();
  // `Dockerfile.dockerignore` matches `Dockerfile.*` but is the ignore file of that Dockerfile.
  if (lower.endsWith('.dockerignore')) return false;
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile.') ||
    lower.endsWith('.dockerfile') ||
    lower.endsWith('.containerfile')
  );
}

/** The kind of document at `path`, or undefined when Drydock has no rules for it. */
export function detectKind(path: string, languageId?: string): DocumentKind | undefined {
  if (languageId === 'dockerfile' || isDockerfileName(path)) return 'dockerfile';
  return undefined;
}
