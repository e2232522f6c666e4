/**
 * Image references parsed the way Docker's reference grammar does: `[registry[:port]/]path[:tag][@digest]`,
 * with docker.io and library/ defaults.
 */
import { trimTrailing } from '../text';

export interface ImageReference {
  /** As written. */
  raw: string;
  /** Registry host, `docker.io` when none is given. */
  registry: string;
  /** True when the registry was written explicitly. */
  explicitRegistry: boolean;
  /** Repository path, with `library/` added for official Docker Hub images. */
  repository: string;
  tag?: string;
  digest?: string;
  /** `registry/repository`. */
  name: string;
  /** The reference contains unresolved variables (`$BASE`). */
  dynamic: boolean;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function parseImageReference(raw: string): ImageReference | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const dynamic = text.includes('$');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  const lastSlash = rest.lastIndexOf('/');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  let explicitRegistry = false;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost' || /[A-Z]/.test(parts[0]))) {
    registry = parts.shift()!;
    explicitRegistry = true;
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  let repository = parts.join('/');
  if (registry === 'docker.io' && parts.length === 1) repository = `library/${repository}`;
  if (!repository) return undefined;
  return { raw: text, registry, explicitRegistry, repository, tag, digest, name: `${registry}/${repository}`, dynamic };
}

/** Problems with the syntax of a reference; empty when valid (dynamic parts are not judged). */
export function referenceProblems(ref: ImageReference): string[] {
  if (ref.dynamic) return [];
  const problems: string[] = [];
  if (ref.tag !== undefined && !TAG.test(ref.tag)) problems.push(`invalid tag "${ref.tag}"`);
  if (ref.digest !== undefined && !DIGEST.test(ref.digest)) problems.push(`invalid digest "${ref.digest}"`);
  const path = ref.repository.split('/');
  if (path.some((c) => !PATH_COMPONENT.test(c))) problems.push(`invalid repository name "${ref.repository}"`);
  return problems;
}

/** True when `ref` comes from one of `trusted` (registry host, or host/namespace prefix; `docker.io` matches Hub). */
export function isTrustedRegistry(ref: ImageReference, trusted: readonly string[]): boolean {
  if (trusted.length === 0) return true;
  for (const entry of trusted) {
    const t = trimTrailing(entry.trim(), '/').toLowerCase();
    if (!t) continue;
    const hub = t === 'docker.io' || t === 'hub.docker.com' || t === 'index.docker.io' || t === 'registry-1.docker.io';
    if (hub && ref.registry === 'docker.io') return true;
    if (t.startsWith('*.') && ref.registry.toLowerCase().endsWith(t.slice(1))) return true;
    if (ref.registry.toLowerCase() === t) return true;
    if (ref.name.toLowerCase() === t || ref.name.toLowerCase().startsWith(`${t}/`)) return true;
  }
  return false;
}
