/**
 * OSV ecosystem names: which version rules each one uses, which ones an OS release reads, and how package names
 * are compared inside one.
 */
import type { VersionScheme } from '../versions';
import type { OsRelease, PackageEcosystem } from '../types';

/** The part before the first `:` (`Debian:12` → `Debian`, `Ubuntu:22.04:LTS` → `Ubuntu`). */
export function ecosystemBase(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon >= 0 ? ecosystem.slice(0, colon) : ecosystem;
}

const SCHEME_BY_BASE: Record<string, VersionScheme> = {
  Debian: 'dpkg',
  Ubuntu: 'dpkg',
  Alpine: 'apk',
  Wolfi: 'apk',
  Chainguard: 'apk',
  'Red Hat': 'rpm',
  'Rocky Linux': 'rpm',
  AlmaLinux: 'rpm',
  npm: 'semver',
  PyPI: 'pep440',
};

/** The version rules of `ECOSYSTEM` ranges in this ecosystem, or undefined for ecosystems we do not order. */
export function versionSchemeForEcosystem(ecosystem: string): VersionScheme | undefined {
  return SCHEME_BY_BASE[ecosystemBase(ecosystem)];
}

/** The OSV ecosystem of language packages (distro packages depend on the OS release). */
export function languageEcosystem(ecosystem: PackageEcosystem): string | undefined {
  return ecosystem === 'npm' ? 'npm' : ecosystem === 'pypi' ? 'PyPI' : undefined;
}

/** Package names as the ecosystem compares them: PyPI per PEP 503, everything else as written. */
export function normalizePackageName(ecosystem: string, name: string): string {
  return ecosystemBase(ecosystem) === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

const DEBIAN_CODENAMES: Record<string, string> = {
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
};

function majorOf(versionId: string | undefined): string | undefined {
  return versionId?.match(/^[0-9]+/)?.[0];
}

/**
 * The OSV ecosystems whose advisories apply to packages of this OS release, most specific first. Empty when the
 * release is unknown or OSV has no feed for it. `rhel` lists a prefix (`Red Hat:enterprise_linux:9`): Red Hat
 * splits its ecosystems by repository, so the caller expands it against the ecosystems a database holds.
 */
export function osEcosystems(os: OsRelease | undefined): string[] {
  if (!os) return [];
  const id = os.id.toLowerCase();
  switch (id) {
    case 'debian': {
      const release = majorOf(os.versionId) ?? (os.versionCodename ? DEBIAN_CODENAMES[os.versionCodename.toLowerCase()] : undefined);
      return release ? [`Debian:${release}`] : [];
    }
    case 'ubuntu': {
      const release = os.versionId?.match(/^[0-9]+\.[0-9]+/)?.[0];
      return release ? [`Ubuntu:${release}:LTS`, `Ubuntu:${release}`] : [];
    }
    case 'alpine': {
      const release = os.versionId?.match(/^[0-9]+\.[0-9]+/)?.[0];
      return release ? [`Alpine:v${release}`] : [];
    }
    case 'rocky': {
      const major = majorOf(os.versionId);
      return major ? [`Rocky Linux:${major}`] : [];
    }
    case 'almalinux': {
      const major = majorOf(os.versionId);
      return major ? [`AlmaLinux:${major}`] : [];
    }
    case 'rhel': {
      const major = majorOf(os.versionId);
      return major ? [`Red Hat:enterprise_linux:${major}`] : [];
    }
    case 'wolfi':
      return ['Wolfi'];
    case 'chainguard':
      return ['Chainguard'];
    default:
      return [];
  }
}

/** The distro package format of an OS release's ecosystems (`Debian:12` → `deb`). */
export function packageEcosystemOf(osEcosystem: string): PackageEcosystem | undefined {
  switch (versionSchemeForEcosystem(osEcosystem)) {
    case 'dpkg':
      return 'deb';
    case 'apk':
      return 'apk';
    case 'rpm':
      return 'rpm';
    default:
      return undefined;
  }
}
