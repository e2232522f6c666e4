/**
 * The SBOM fast path: an inventory from an in-toto statement with an SPDX 2.x predicate, as BuildKit
 * attaches to an image index (`vnd.docker.reference.type: attestation-manifest`, predicate type
 * `https://spdx.dev/Document`) — no layer is downloaded. Packages come from their purls; the OS from the
 * SBOM's operating-system package or the purls' `distro` qualifier.
 */
import type { InstalledPackage, Inventory, OsRelease, PackageEcosystem } from '../types';
import { normalisePythonName } from './parsers/pythonMetadata';
import { parsePackageUrl, type PackageUrl } from './purl';

interface SpdxPackage {
  name?: unknown;
  versionInfo?: unknown;
  primaryPackagePurpose?: unknown;
  externalRefs?: unknown;
}

/**
 * `statement` is the statement's JSON text (or bytes), the parsed object, or a DSSE envelope around it.
 * Never throws: malformed input gives an empty inventory with a warning.
 */
export function inventoryFromAttestation(statement: unknown): Inventory {
  const inventory: Inventory = { packages: [], source: 'sbom', warnings: [] };
  const parsed = readStatement(statement);
  if (typeof parsed === 'string') {
    inventory.warnings.push(`SBOM attestation not read: ${parsed}`);
    return inventory;
  }
  const predicateType = typeof parsed.predicateType === 'string' ? parsed.predicateType : '';
  const predicate = parsed.predicate as { spdxVersion?: unknown; packages?: unknown } | undefined;
  const isSpdx = /^https:\/\/spdx\.dev\/Document/.test(predicateType) || typeof predicate?.spdxVersion === 'string';
  if (!isSpdx || typeof predicate !== 'object' || predicate === null) {
    inventory.warnings.push(`SBOM attestation not read: predicate type ${JSON.stringify(predicateType || 'none')} is not an SPDX document`);
    return inventory;
  }
  if (typeof predicate.spdxVersion === 'string' && !/^SPDX-2\./.test(predicate.spdxVersion)) {
    inventory.warnings.push(`SBOM attestation is ${predicate.spdxVersion}; read as SPDX 2.x`);
  }
  const spdxPackages = Array.isArray(predicate.packages) ? (predicate.packages as SpdxPackage[]) : [];
  const distroVotes = new Map<string, number>();
  let declaredOs: OsRelease | undefined;
  const seen = new Set<string>();
  for (const spdx of spdxPackages) {
    if (typeof spdx !== 'object' || spdx === null) continue;
    if (spdx.primaryPackagePurpose === 'OPERATING-SYSTEM' && typeof spdx.name === 'string' && !declaredOs) {
      declaredOs = { id: spdx.name.toLowerCase() };
      if (typeof spdx.versionInfo === 'string' && spdx.versionInfo) declaredOs.versionId = spdx.versionInfo;
      continue;
    }
    const purl = purlOf(spdx);
    if (!purl) continue;
    if (purl.qualifiers.distro) distroVotes.set(purl.qualifiers.distro, (distroVotes.get(purl.qualifiers.distro) ?? 0) + 1);
    const pkg = packageFromPurl(purl);
    if (!pkg) continue;
    const key = `${pkg.ecosystem}\u0000${pkg.name}\u0000${pkg.version}\u0000${pkg.sourceName ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inventory.packages.push(pkg);
  }
  const os = declaredOs ?? osFromDistroQualifier(mostVoted(distroVotes));
  if (os) inventory.os = os;
  if (spdxPackages.length === 0) inventory.warnings.push('SBOM attestation lists no packages');
  inventory.packages.sort((a, b) => compareText(a.ecosystem, b.ecosystem) || compareText(a.name, b.name) || compareText(a.version, b.version));
  return inventory;
}

/** The statement object, or a message saying why there is none. */
function readStatement(input: unknown): Record<string, unknown> | string {
  let value: unknown = input;
  if (value instanceof Uint8Array) value = Buffer.from(value).toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      return `malformed JSON (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const envelope = value as { payloadType?: unknown; payload?: unknown };
  if (typeof envelope.payloadType === 'string' && typeof envelope.payload === 'string') {
    // A DSSE envelope (signed attestation): the statement is its base64 payload.
    return readStatement(Buffer.from(envelope.payload, 'base64').toString('utf8'));
  }
  return value as Record<string, unknown>;
}

function purlOf(spdx: SpdxPackage): PackageUrl | undefined {
  if (!Array.isArray(spdx.externalRefs)) return undefined;
  for (const ref of spdx.externalRefs as { referenceType?: unknown; referenceLocator?: unknown }[]) {
    if (ref?.referenceType === 'purl' && typeof ref.referenceLocator === 'string') {
      const purl = parsePackageUrl(ref.referenceLocator);
      if (purl) return purl;
    }
  }
  return undefined;
}

const ECOSYSTEM_OF_PURL_TYPE: Record<string, PackageEcosystem> = { deb: 'deb', apk: 'apk', rpm: 'rpm', npm: 'npm', pypi: 'pypi' };

/** The installed package a purl names, for the ecosystems we match; undefined for the others. */
export function packageFromPurl(purl: PackageUrl): InstalledPackage | undefined {
  const ecosystem = ECOSYSTEM_OF_PURL_TYPE[purl.type];
  if (!ecosystem || !purl.version) return undefined;
  switch (ecosystem) {
    case 'npm':
      return { ecosystem, name: purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name, version: purl.version };
    case 'pypi':
      return { ecosystem, name: normalisePythonName(purl.name), version: purl.version };
    case 'deb': {
      const version = withEpoch(purl.version, purl.qualifiers.epoch);
      // `upstream=openssl` or, when the source version differs, `upstream=glibc@2.31-13`.
      const [sourceName, sourceVersion] = splitUpstream(purl.qualifiers.upstream);
      return { ecosystem, name: purl.name, version, sourceName: sourceName ?? purl.name, sourceVersion: sourceVersion ?? version };
    }
    case 'apk':
      return { ecosystem, name: purl.name, version: purl.version, sourceName: purl.qualifiers.upstream ?? purl.name, sourceVersion: purl.version };
    case 'rpm': {
      const version = withEpoch(purl.version, purl.qualifiers.epoch);
      // `upstream=openssl-1.1.1k-6.el8.src.rpm`: the source RPM's file name.
      const sourceRpm = /^(.+)-([^-]+)-([^-]+)\.src\.rpm$/.exec(purl.qualifiers.upstream ?? '');
      return sourceRpm
        ? { ecosystem, name: purl.name, version, sourceName: sourceRpm[1], sourceVersion: `${sourceRpm[2]}-${sourceRpm[3]}` }
        : { ecosystem, name: purl.name, version };
    }
  }
}

function withEpoch(version: string, epoch: string | undefined): string {
  return epoch && epoch !== '0' && !version.includes(':') ? `${epoch}:${version}` : version;
}

function splitUpstream(upstream: string | undefined): [string | undefined, string | undefined] {
  if (!upstream) return [undefined, undefined];
  const at = upstream.indexOf('@');
  return at > 0 ? [upstream.slice(0, at), upstream.slice(at + 1)] : [upstream, undefined];
}

function mostVoted(votes: Map<string, number>): string | undefined {
  let best: string | undefined;
  for (const [value, count] of votes) if (best === undefined || count > votes.get(best)!) best = value;
  return best;
}

/** `debian-11`, `alpine-3.12.0`, `ubuntu-22.04`, `opensuse-leap-15.4`; syft writes the bare ID when there is no VERSION_ID. */
export function osFromDistroQualifier(distro: string | undefined): OsRelease | undefined {
  if (!distro) return undefined;
  const match = /^(.+?)-(\d[\w.~+-]*)$/.exec(distro);
  if (match) return { id: match[1].toLowerCase(), versionId: match[2] };
  return /^[a-z][a-z-]*$/i.test(distro) ? { id: distro.toLowerCase() } : undefined;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
