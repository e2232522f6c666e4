import type { DocumentKind } from '../rule';

/** File-name patterns that make a file a Dockerfile, shared by the extension manifest and the CLI. */
export const DOCKERFILE_NAME_PATTERNS = ['Dockerfile', 'Dockerfile.*', '*.dockerfile', 'Containerfile', 'Containerfile.*', '*.containerfile'];

/** File-name patterns of compose files (the compose spec's names and the common variants). */
export const COMPOSE_NAME_PATTERNS = ['compose.yaml', 'compose.yml', 'compose.*.yaml', 'compose.*.yml', 'docker-compose.yaml', 'docker-compose.yml', 'docker-compose.*.yaml', 'docker-compose.*.yml', '*.compose.yaml', '*.compose.yml'];

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

export function isComposeName(path: string): boolean {
  const lower = baseName(path).toLowerCase();
  return /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/.test(lower) || /\.compose\.ya?ml$/.test(lower);
}

/** YAML or JSON by name: the files that may hold Kubernetes objects. */
export function isYamlOrJsonName(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(baseName(path));
}

/** Our own configuration and files that are YAML but never manifests. */
function isNeverManifest(path: string): boolean {
  const lower = baseName(path).toLowerCase();
  return lower === '.drydock.yaml' || lower === '.drydock.yml' || lower === 'chart.yaml' || lower === 'values.yaml' || lower === 'package.json' || lower === 'package-lock.json' || lower === 'tsconfig.json';
}

const TOP_LEVEL_API_VERSION = /^(?:- )?apiVersion[ \t]*:/m;
// `[ \t]*`, not `\s*`: with /m, `\s*` ran across every following blank line from each line start (quadratic: 40,000
// blank lines after `apiVersion:` took 6 s, on every keystroke; found by the regex audit).
const TOP_LEVEL_KIND = /^(?:[ \t]*(?:- )?)?kind[ \t]*:/m;
const JSON_API_VERSION = /"apiVersion"\s*:/;
const JSON_KIND = /"kind"\s*:/;
const TOP_LEVEL_SERVICES = /^services[ \t]*:/m;

/**
 * Whether YAML/JSON text holds Kubernetes objects (some document has `apiVersion` and `kind`), a
 * compose file (top-level `services:`), or neither. A cheap textual test, run before any parse.
 */
export function detectYamlKind(path: string, text: string): 'kubernetes' | 'compose' | undefined {
  if (isComposeName(path)) return 'compose';
  if (isNeverManifest(path)) return undefined;
  const head = text.length > 1_000_000 ? text.slice(0, 1_000_000) : text;
  if (/\.json$/i.test(path) || /^\s*[{[]/.test(head)) {
    return JSON_API_VERSION.test(head) && JSON_KIND.test(head) ? 'kubernetes' : undefined;
  }
  if (TOP_LEVEL_API_VERSION.test(head) && TOP_LEVEL_KIND.test(head)) return 'kubernetes';
  if (TOP_LEVEL_SERVICES.test(head)) return 'compose';
  return undefined;
}

/** The kind of document at `path`, or undefined when Drydock has no rules for it. */
export function detectKind(path: string, languageId?: string, text?: string): DocumentKind | undefined {
  if (languageId === 'dockerfile' || isDockerfileName(path)) return 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  const yamlLike = isYamlOrJsonName(path) || languageId === 'yaml' || languageId === 'json' || languageId === 'jsonc';
  if (yamlLike && text !== undefined) return detectYamlKind(path, text);
  if (isComposeName(path)) return 'compose';
  return undefined;
}
