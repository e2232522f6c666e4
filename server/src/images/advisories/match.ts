/**
 * Matching packages against advisories. Distro packages are matched by their SOURCE package and version in the
 * ecosystems of the image's OS release (a fix is published for `openssl`, not for `libssl3`); language packages
 * by name in npm / PyPI. Each (advisory, package) pair gives one match, with the fix of the range the version
 * falls in, or none when the advisory has no fix yet.
 */
import { compareVersions, isValidVersion } from '../versions';
import type { InstalledPackage, Inventory, PackageEcosystem, VulnerabilityMatch, VulnerabilitySeverity } from '../types';
import type { AdvisoryDatabase, IndexedAdvisory } from './database';
import { languageEcosystem, osEcosystems, packageEcosystemOf, versionSchemeForEcosystem } from './ecosystems';
import { evaluateAffected } from './ranges';
import { advisorySeverity } from './severity';

export interface MatchOptions {
  /** Told about packages that could not be checked (unknown OS release, unreadable version, bad advisory). */
  onWarning?: (message: string) => void;
}

/** A package version named in a Dockerfile (`apt-get install x=1.2`, `pip install x==1.2`, …). */
export interface PinnedPackage {
  ecosystem: PackageEcosystem;
  name: string;
  version: string;
}

export interface PinnedMatchOptions extends MatchOptions {
  /** Source package of a distro binary package, when the caller knows it (e.g. from a scanned image). */
  sourceOf?: (binaryName: string) => string | undefined;
}

interface Candidate {
  ecosystem: string;
  entries: readonly IndexedAdvisory[];
  version: string;
}

const SEVERITY_RANK: Record<VulnerabilitySeverity, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };

function sortMatches(matches: VulnerabilityMatch[]): VulnerabilityMatch[] {
  return matches.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.package.name.localeCompare(b.package.name) ||
      a.id.localeCompare(b.id),
  );
}

/** Expands OS ecosystems against the database: `Red Hat:enterprise_linux:9` covers `…:9::baseos`, `…:9::appstream`. */
function expandEcosystems(wanted: readonly string[], db: AdvisoryDatabase): string[] {
  const known = db.ecosystems();
  const out = new Set<string>();
  for (const ecosystem of wanted) {
    out.add(ecosystem);
    for (const k of known) if (k.startsWith(`${ecosystem}:`)) out.add(k);
  }
  return [...out];
}

/** Matches one package against the candidate entries; one match per advisory id. */
function matchPackage(pkg: InstalledPackage, candidates: Candidate[], warn: (message: string) => void): VulnerabilityMatch[] {
  const byId = new Map<string, { entries: IndexedAdvisory[]; ecosystem: string; version: string }>();
  for (const candidate of candidates) {
    for (const entry of candidate.entries) {
      const existing = byId.get(entry.record.id);
      if (existing) {
        if (!existing.entries.includes(entry)) existing.entries.push(entry);
      } else byId.set(entry.record.id, { entries: [entry], ecosystem: candidate.ecosystem, version: candidate.version });
    }
  }
  const matches: VulnerabilityMatch[] = [];
  for (const [id, { entries, ecosystem, version }] of byId) {
    let hit: { entry: IndexedAdvisory; fixedVersion?: string } | undefined;
    let unfixedHit = false;
    for (const entry of entries) {
      let result;
      try {
        result = evaluateAffected(entry.affected, entry.affected.package?.ecosystem ?? ecosystem, version);
      } catch (error) {
        warn(`${id}: cannot evaluate for ${pkg.name} ${version}: ${(error as Error).message}`);
        continue;
      }
      if (!result.affected) continue;
      if (result.fixedVersion === undefined) {
        // An entry without a fix wins: reporting a fix that another entry says does not exist would mislead.
        unfixedHit = true;
        hit = { entry };
      } else if (!unfixedHit && (hit?.fixedVersion === undefined || isOlder(ecosystem, result.fixedVersion, hit.fixedVersion))) {
        hit = { entry, fixedVersion: result.fixedVersion };
      }
    }
    if (!hit) continue;
    const { record, affected } = hit.entry;
    const { severity, cvss } = advisorySeverity(record, affected);
    matches.push({
      id: record.id,
      // `upstream` (OSV 1.7) is where distro records such as DSA-… and ALPINE-CVE-… name their CVEs.
      aliases: [...new Set([...(record.aliases ?? []), ...(record.upstream ?? [])])],
      ...(record.summary !== undefined ? { summary: record.summary } : {}),
      severity,
      ...(cvss !== undefined ? { cvss } : {}),
      package: pkg,
      ...(hit.fixedVersion !== undefined ? { fixedVersion: hit.fixedVersion } : {}),
      ecosystem: affected.package?.ecosystem ?? ecosystem,
    });
  }
  return matches;
}

function isOlder(ecosystem: string, a: string, b: string): boolean {
  const scheme = versionSchemeForEcosystem(ecosystem);
  try {
    return scheme ? compareVersions(scheme, a, b) < 0 : a < b;
  } catch {
    return a < b;
  }
}

/** Whether the version can be ordered under the ecosystem's rules; says why not otherwise. */
function checkVersion(ecosystem: string, pkg: { name: string; version: string }, warn: (message: string) => void): boolean {
  const scheme = versionSchemeForEcosystem(ecosystem);
  if (scheme && !isValidVersion(scheme, pkg.version)) {
    warn(`${pkg.name} ${pkg.version}: not a ${scheme} version, not checked against ${ecosystem} advisories`);
    return false;
  }
  return true;
}

/**
 * Vulnerabilities of an image's packages. Distro packages need a known OS release (`debian` 12 → `Debian:12`,
 * `alpine` 3.19.1 → `Alpine:v3.19`, `ubuntu` 22.04 → `Ubuntu:22.04:LTS` and `Ubuntu:22.04`); without one they
 * are reported through `onWarning` and skipped.
 */
export function matchInventory(inventory: Inventory, db: AdvisoryDatabase, options: MatchOptions = {}): VulnerabilityMatch[] {
  const warn = options.onWarning ?? (() => undefined);
  const distroEcosystems = expandEcosystems(osEcosystems(inventory.os), db);
  const distroFormat = distroEcosystems.length > 0 ? packageEcosystemOf(distroEcosystems[0]) : undefined;
  const matches: VulnerabilityMatch[] = [];
  let unchecked = 0;
  for (const pkg of inventory.packages) {
    const language = languageEcosystem(pkg.ecosystem);
    if (language) {
      if (!checkVersion(language, pkg, warn)) continue;
      matches.push(...matchPackage(pkg, [{ ecosystem: language, entries: db.lookup(language, pkg.name), version: pkg.version }], warn));
      continue;
    }
    if (pkg.ecosystem !== distroFormat) {
      unchecked++;
      continue;
    }
    const name = pkg.sourceName ?? pkg.name;
    const version = pkg.sourceVersion ?? pkg.version;
    if (!checkVersion(distroEcosystems[0], { name, version }, warn)) continue;
    const candidates = distroEcosystems.map((ecosystem) => ({ ecosystem, entries: db.lookup(ecosystem, name), version }));
    matches.push(...matchPackage(pkg, candidates, warn));
  }
  if (unchecked > 0) {
    const os = inventory.os ? `${inventory.os.id} ${inventory.os.versionId ?? inventory.os.versionCodename ?? ''}`.trim() : 'an unknown OS';
    warn(`${unchecked} OS package(s) not checked: no advisory ecosystem for ${os}`);
  }
  return sortMatches(matches);
}

/**
 * Vulnerabilities of versions pinned in RUN lines. `osEcosystem` (`Debian:12`, `Alpine:v3.19`, or several) says
 * which distro release the base image is; distro package names, which are binary package names there, are looked
 * up as source names, as binaries listed by the advisories, and through `sourceOf` when given.
 */
export function matchPinnedPackages(
  packages: readonly PinnedPackage[],
  osEcosystem: string | readonly string[] | undefined,
  db: AdvisoryDatabase,
  options: PinnedMatchOptions = {},
): VulnerabilityMatch[] {
  const warn = options.onWarning ?? (() => undefined);
  const wanted = osEcosystem === undefined ? [] : typeof osEcosystem === 'string' ? [osEcosystem] : [...osEcosystem];
  const distroEcosystems = expandEcosystems(wanted, db);
  const matches: VulnerabilityMatch[] = [];
  for (const pinned of packages) {
    const pkg: InstalledPackage = { ecosystem: pinned.ecosystem, name: pinned.name, version: pinned.version };
    const language = languageEcosystem(pinned.ecosystem);
    if (language) {
      if (!checkVersion(language, pinned, warn)) continue;
      matches.push(...matchPackage(pkg, [{ ecosystem: language, entries: db.lookup(language, pinned.name), version: pinned.version }], warn));
      continue;
    }
    const ecosystems = distroEcosystems.filter((e) => packageEcosystemOf(e) === pinned.ecosystem);
    if (ecosystems.length === 0) {
      warn(`${pinned.name}=${pinned.version}: no ${pinned.ecosystem} distro release known for the base image, not checked`);
      continue;
    }
    if (!checkVersion(ecosystems[0], pinned, warn)) continue;
    const source = options.sourceOf?.(pinned.name);
    const candidates: Candidate[] = [];
    for (const ecosystem of ecosystems) {
      candidates.push({ ecosystem, entries: db.lookup(ecosystem, pinned.name), version: pinned.version });
      candidates.push({ ecosystem, entries: db.lookupBinary(ecosystem, pinned.name), version: pinned.version });
      if (source && source !== pinned.name) candidates.push({ ecosystem, entries: db.lookup(ecosystem, source), version: pinned.version });
    }
    matches.push(...matchPackage(pkg, candidates, warn));
  }
  return sortMatches(matches);
}
