/**
 * The image's filesystem as the runtime sees it, for the files the inventory reads: layers applied bottom
 * first, each one's whiteouts, opaque directories and non-file entries hiding what lower layers had, and
 * each package credited to the lowest layer from which it has been present unchanged.
 */
import type { InstalledPackage, OsRelease } from '../types';
import type { ExtractedFile, LayerExtract } from './layerReader';

export interface SquashedImage {
  os?: OsRelease;
  packages: InstalledPackage[];
}

interface LiveFile {
  file: ExtractedFile;
  packages: InstalledPackage[];
}

/** OS sources in order of preference; `etc/os-release` is often a link to `usr/lib/os-release`. */
const OS_SOURCES = ['etc/os-release', 'usr/lib/os-release', 'etc/alpine-release', 'etc/debian_version'];

export function squashLayers(layers: readonly LayerExtract[]): SquashedImage {
  const live = new LiveFiles();
  for (const layer of layers) {
    // A layer's whiteouts apply to lower layers only, so they go before the layer's own files.
    for (const directory of layer.opaqueDirectories) live.removeBelow(directory);
    for (const path of layer.hiddenPaths) {
      live.delete(path);
      live.removeBelow(path);
    }
    for (const file of layer.files) {
      // A file replaces a lower directory of the same name with everything in it.
      live.removeBelow(file.path);
      live.set(file.path, withProvenance(file, layer.digest, live.get(file.path)));
    }
  }
  const packages = sortPackages([...live.values()].flatMap((entry) => entry.packages));
  const os = OS_SOURCES.map((path) => live.get(path)?.file.os).find((found) => found !== undefined);
  return os ? { os, packages } : { packages };
}

/**
 * The live files by path, with a count of live files under each directory, so that the thousands of
 * links and whiteouts a layer holds cost one lookup each and only those that hit something scan.
 */
class LiveFiles {
  private readonly files = new Map<string, LiveFile>();
  private readonly filesUnder = new Map<string, number>();

  get(path: string): LiveFile | undefined {
    return this.files.get(path);
  }

  values(): IterableIterator<LiveFile> {
    return this.files.values();
  }

  set(path: string, file: LiveFile): void {
    if (!this.files.has(path)) this.countAncestors(path, 1);
    this.files.set(path, file);
  }

  delete(path: string): void {
    if (this.files.delete(path)) this.countAncestors(path, -1);
  }

  /** Removes every live file under `directory` (`''`: the root, so all of them). */
  removeBelow(directory: string): void {
    if (directory === '') {
      this.files.clear();
      this.filesUnder.clear();
      return;
    }
    if (!this.filesUnder.has(directory)) return;
    const prefix = `${directory}/`;
    for (const path of [...this.files.keys()]) if (path.startsWith(prefix)) this.delete(path);
  }

  private countAncestors(path: string, change: number): void {
    for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      const ancestor = path.slice(0, slash);
      const count = (this.filesUnder.get(ancestor) ?? 0) + change;
      if (count > 0) this.filesUnder.set(ancestor, count);
      else this.filesUnder.delete(ancestor);
    }
  }
}

/**
 * A package that the file's previous version (in a lower layer) already listed at the same version keeps
 * that layer: a layer that rewrites the dpkg database, or copies files again (`chown -R`), did not
 * introduce what was already there.
 */
function withProvenance(file: ExtractedFile, layerDigest: string, previous: LiveFile | undefined): LiveFile {
  const introducedBy = new Map<string, string | undefined>();
  for (const pkg of previous?.packages ?? []) introducedBy.set(packageKey(pkg), pkg.layerDigest);
  const packages = (file.packages ?? []).map((pkg) => ({
    ...pkg,
    layerDigest: introducedBy.get(packageKey(pkg)) ?? layerDigest,
    path: file.path,
  }));
  return { file, packages };
}

function packageKey(pkg: InstalledPackage): string {
  return `${pkg.ecosystem}\u0000${pkg.name}\u0000${pkg.version}`;
}

/** By ecosystem, name, version and path; the keys are built once (the sort compares each many times). */
function sortPackages(packages: InstalledPackage[]): InstalledPackage[] {
  const keyed = packages.map((pkg) => ({ pkg, key: `${pkg.ecosystem}\u0000${pkg.name}\u0000${pkg.version}\u0000${pkg.path ?? ''}` }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.pkg);
}
