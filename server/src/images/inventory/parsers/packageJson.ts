/** The `package.json` at the root of an installed npm package. */
import type { InstalledPackage } from '../../types';

/**
 * The package a `package.json` describes, or undefined when it is not a package root: bundler hint files
 * deeper in a package and workspace stubs have no name or no version. Throws on malformed JSON.
 */
export function parsePackageJson(text: string): InstalledPackage | undefined {
  const data: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const { name, version } = data as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || typeof version !== 'string') return undefined;
  const cleanName = name.trim();
  const cleanVersion = version.trim();
  // npm refuses names over 214 characters; anything longer is not a real package.
  if (!cleanName || !cleanVersion || cleanName.length > 214 || cleanVersion.length > 256) return undefined;
  return { ecosystem: 'npm', name: cleanName, version: cleanVersion };
}
