/**
 * Plain-data contracts of the image pipeline: reference → registry → inventory → advisories.
 * Everything here is serialisable (it is cached on disk and sent to the editor in hovers).
 */

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface LayerDescriptor {
  digest: string;
  size: number;
  mediaType: string;
}

/** What the image config says about how the image runs (the parts findings and hovers use). */
export interface ImageConfigSummary {
  user?: string;
  exposedPorts: string[];
  /** `NAME=value` as in the config. */
  env: string[];
  entrypoint?: string[];
  cmd?: string[];
  labels: Record<string, string>;
  /** `history[].created_by`, oldest first, with whether the step made a layer. */
  history: { createdBy: string; emptyLayer: boolean }[];
  created?: string;
}

/** A reference resolved against a registry, for one platform. */
export interface ResolvedImage {
  /** `registry/repository` (normalised, docker.io/library defaults applied). */
  name: string;
  registry: string;
  repository: string;
  tag?: string;
  /** Digest of the manifest (or index) the tag points at. */
  digest: string;
  /** Digest of the platform manifest chosen from an index (equals `digest` for a single manifest). */
  manifestDigest: string;
  platform?: Platform;
  /** Platforms the index offers (attestation manifests excluded). */
  platforms: Platform[];
  config: ImageConfigSummary;
  configDigest: string;
  layers: LayerDescriptor[];
  /** Digest of an attestation manifest for this platform (BuildKit in-index attestations), when present. */
  attestationDigest?: string;
}

export type PackageEcosystem = 'deb' | 'apk' | 'rpm' | 'npm' | 'pypi';

export interface InstalledPackage {
  ecosystem: PackageEcosystem;
  name: string;
  version: string;
  /** Source package (deb `Source:`, apk origin `o:`), used to match distro advisories. */
  sourceName?: string;
  sourceVersion?: string;
  /** Where it was found: the layer digest and the path of the database or manifest file. */
  layerDigest?: string;
  path?: string;
}

export interface OsRelease {
  /** `debian`, `ubuntu`, `alpine`, `rhel`, … (os-release ID). */
  id: string;
  versionId?: string;
  versionCodename?: string;
  prettyName?: string;
}

export interface Inventory {
  os?: OsRelease;
  packages: InstalledPackage[];
  /** `sbom` when read from an SBOM attestation (no layers pulled), `layers` otherwise. */
  source: 'sbom' | 'layers';
  /** Limits hit, unreadable files, …: shown to the user, never thrown. */
  warnings: string[];
}

export type VulnerabilitySeverity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

export interface VulnerabilityMatch {
  /** OSV id (`DSA-5678-1`, `CVE-2023-1234`, `GHSA-…`). */
  id: string;
  aliases: string[];
  summary?: string;
  severity: VulnerabilitySeverity;
  /** CVSS vector when the record has one. */
  cvss?: string;
  package: InstalledPackage;
  /** The first version that fixes it for the installed one, when there is a fix. */
  fixedVersion?: string;
  /** OSV ecosystem the record came from (`Debian:12`, `Alpine:v3.19`, `npm`, `PyPI`). */
  ecosystem: string;
}
