/**
 * Names inside a layer tar: normalising them the way Docker applies a layer (rooted at the image root,
 * never escaping it), recognising whiteouts, and telling which files the inventory reads.
 */

/**
 * The path of a tar entry relative to the image root, or undefined when it would leave the root.
 * `./etc/x`, `/etc/x` and `etc//x` are all `etc/x`: Docker joins every name onto the root
 * (`filepath.Join(dest, hdr.Name)`), so an absolute name cannot reach outside it. `..` is resolved
 * lexically, and a name that climbs above the root is refused, as Docker's breakout check does.
 * The root itself is `''`.
 */
export function normaliseEntryPath(name: string): string | undefined {
  if (!name.includes('.') && !name.includes('//') && !name.startsWith('/') && !name.endsWith('/')) return name;
  const kept: string[] = [];
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (kept.length === 0) return undefined;
      kept.pop();
      continue;
    }
    kept.push(segment);
  }
  return kept.join('/');
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

export type Whiteout =
  /** `dir/.wh.name`: `dir/name` and everything under it in lower layers is gone. */
  | { kind: 'delete'; path: string }
  /** `dir/.wh..wh..opq`: everything under `dir` in lower layers is hidden (`''` = the root). */
  | { kind: 'opaque'; directory: string }
  /** Other `.wh..wh.` names are AUFS bookkeeping (`.wh..wh.plnk`) and mean nothing to the image. */
  | { kind: 'ignore' };

/** The whiteout an entry stands for, or undefined when it is an ordinary entry. */
export function whiteoutOf(path: string): Whiteout | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (!base.startsWith(WHITEOUT_PREFIX)) return undefined;
  const directory = slash >= 0 ? path.slice(0, slash) : '';
  if (base === OPAQUE_MARKER) return { kind: 'opaque', directory };
  if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) return { kind: 'ignore' };
  const name = base.slice(WHITEOUT_PREFIX.length);
  if (!name) return { kind: 'ignore' };
  return { kind: 'delete', path: directory ? `${directory}/${name}` : name };
}

export type InterestingFileKind =
  | 'os-release'
  | 'alpine-release'
  | 'debian-version'
  | 'dpkg-status'
  | 'apk-installed'
  | 'package-json'
  | 'python-metadata';

const FIXED_PATHS: ReadonlyMap<string, InterestingFileKind> = new Map([
  ['etc/os-release', 'os-release'],
  ['usr/lib/os-release', 'os-release'],
  ['etc/alpine-release', 'alpine-release'],
  ['etc/debian_version', 'debian-version'],
  ['var/lib/dpkg/status', 'dpkg-status'],
  ['lib/apk/db/installed', 'apk-installed'],
]);

const DPKG_STATUS_DIR = 'var/lib/dpkg/status.d/';

/**
 * Which of the files the inventory reads `path` is (a regular file's normalised path), or undefined for
 * the rest. Called for every entry of every layer, so the common "no" is a few string tests.
 */
export function interestingFileKind(path: string): InterestingFileKind | undefined {
  const fixed = FIXED_PATHS.get(path);
  if (fixed) return fixed;
  if (path.endsWith('/package.json')) return isPackageRoot(path) ? 'package-json' : undefined;
  if (path.endsWith('.dist-info/METADATA') || path.endsWith('.egg-info/PKG-INFO')) {
    return hasStem(path, path.lastIndexOf('/')) ? 'python-metadata' : undefined;
  }
  // distutils and old setuptools install the metadata as a single `<name>-<version>.egg-info` file.
  if (path.endsWith('.egg-info')) return hasStem(path, path.length) ? 'python-metadata' : undefined;
  if (path.startsWith(DPKG_STATUS_DIR)) {
    const name = path.slice(DPKG_STATUS_DIR.length);
    // distroless keeps `<package>` and `<package>.md5sums` side by side; only the former is a status paragraph.
    if (name && !name.includes('/') && !name.startsWith('.') && !name.endsWith('.md5sums')) return 'dpkg-status';
  }
  return undefined;
}

/** `….dist-info` / `….egg-info` with a name before the suffix (`end` is where the suffix directory ends). */
function hasStem(path: string, end: number): boolean {
  const start = path.lastIndexOf('/', end - 1) + 1;
  const directory = path.slice(start, end);
  return directory.length > '.egg-info'.length && !directory.startsWith('.');
}

/**
 * `…/node_modules/<pkg>/package.json` or `…/node_modules/@scope/<pkg>/package.json`. Files deeper in a
 * package (`rxjs/ajax/package.json`, which only points bundlers at entry files) are not package roots.
 */
function isPackageRoot(path: string): boolean {
  const parts = path.split('/');
  const n = parts.length; // parts[n-1] is package.json
  const pkg = parts[n - 2];
  if (!pkg || pkg.startsWith('.') || pkg.startsWith('@')) return false;
  if (parts[n - 3] === 'node_modules') return true;
  const scope = parts[n - 3];
  return n >= 4 && scope !== undefined && scope.length > 1 && scope.startsWith('@') && parts[n - 4] === 'node_modules';
}
