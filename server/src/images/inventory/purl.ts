/** Package URLs (github.com/package-url/purl-spec): `pkg:type/namespace/name@version?qualifiers#subpath`. */

export interface PackageUrl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
  subpath?: string;
}

/** The parsed purl, or undefined when `text` is not one. */
export function parsePackageUrl(text: string): PackageUrl | undefined {
  if (!/^pkg:/i.test(text)) return undefined;
  let rest = text.slice(4).replace(/^\/+/, '');
  let subpath: string | undefined;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    subpath = safeDecode(rest.slice(hash + 1)) || undefined;
    rest = rest.slice(0, hash);
  }
  const qualifiers: Record<string, string> = {};
  const question = rest.indexOf('?');
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split('&')) {
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const value = safeDecode(pair.slice(equals + 1));
      if (value) qualifiers[pair.slice(0, equals).toLowerCase()] = value;
    }
    rest = rest.slice(0, question);
  }
  // The version follows the last `@` after the last `/`: `@scope` in an unencoded npm namespace is not one.
  let version: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at > rest.lastIndexOf('/')) {
    version = safeDecode(rest.slice(at + 1)) || undefined;
    rest = rest.slice(0, at);
  }
  const segments = rest.split('/').filter(Boolean).map(safeDecode);
  const type = segments.shift()?.toLowerCase();
  const name = segments.pop();
  if (!type || !name) return undefined;
  const purl: PackageUrl = { type, name, qualifiers };
  if (segments.length > 0) purl.namespace = segments.join('/');
  if (version) purl.version = version;
  if (subpath) purl.subpath = subpath;
  return purl;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
