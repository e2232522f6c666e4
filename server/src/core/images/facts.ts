/**
 * What the shells learned about an image from its registry (digest, platform, config, inventory,
 * vulnerabilities), handed to the core as plain data. The core never fetches: the language server
 * and the CLI scan images (when the network is enabled), then analyse again with these facts, so
 * both give the same findings for the same facts.
 */
import type { ImageReference } from '../documents/imageReference';
import type { ImageConfigSummary, OsRelease, PackageEcosystem, Platform, VulnerabilityMatch } from '../../images/types';

export interface ImageScanError {
  kind: 'auth' | 'not-found' | 'rate-limited' | 'network' | 'certificate' | 'limit' | 'platform' | 'other';
  message: string;
}

export interface ImageFacts {
  /** `registry/repository[:tag][@digest]`, the key facts are stored under. */
  reference: string;
  digest?: string;
  manifestDigest?: string;
  platform?: Platform;
  platforms?: Platform[];
  config?: ImageConfigSummary;
  os?: OsRelease;
  packageCount?: number;
  inventorySource?: 'sbom' | 'layers';
  /** Present once the inventory was matched against an advisory database. */
  vulnerabilities?: VulnerabilityMatch[];
  /** When the advisory database used was built or downloaded (YYYY-MM-DD…). */
  databaseDate?: string;
  warnings?: string[];
  error?: ImageScanError;
  /** A newer supported tag of the same flavour that the registry confirmed exists (for end-of-life images). */
  upgrade?: { tag: string; digest: string };
  /** ISO time of the registry lookup. */
  resolvedAt?: string;
}

/** Facts by reference; the shells fill it, rules read it. */
export interface ImageFactsProvider {
  get(ref: ImageReference, platform?: string): ImageFacts | undefined;
}

/** The key of a reference: normalised name, tag and digest, and the platform when one is asked for. */
export function factsKey(ref: ImageReference, platform?: string): string {
  return `${ref.name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}${platform ? ` ${platform}` : ''}`;
}

export function factsProvider(entries: Iterable<[string, ImageFacts]>): ImageFactsProvider {
  const map = new Map(entries);
  return { get: (ref, platform) => map.get(factsKey(ref, platform)) ?? (platform ? map.get(factsKey(ref)) : undefined) };
}

/** A package version pinned in the file (`apt-get install curl=7.88.1-10`, `pip install x==1.2`). */
export interface PinnedPackageQuery {
  ecosystem: PackageEcosystem;
  name: string;
  version: string;
}

/**
 * The advisory database as the core sees it: the shells load it (a local OSV folder) and answer
 * queries; the core never reads it. `osEcosystem` is the OSV name of the base image's release
 * (`Debian:12`, `Alpine:v3.20`, `Ubuntu:22.04:LTS`).
 */
export interface AdvisoryPort {
  matchPinned(packages: readonly PinnedPackageQuery[], osEcosystem: string | undefined): VulnerabilityMatch[];
  /** When the database was downloaded (YYYY-MM-DD…), for messages. */
  date?: string;
}
