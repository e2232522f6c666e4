/**
 * The image pipeline end to end, for both shells: reference → registry (digest, platform, config)
 * → inventory (SBOM attestation when the index carries one, else the layers, streamed once) →
 * advisories → the plain-data ImageFacts the core's image rules read. Inventories are cached by
 * manifest digest (immutable), and concurrent scans of one reference share one run.
 */
import type { ImageReference } from '../core/documents/imageReference';
import { factsKey, type ImageFacts, type ImageScanError } from '../core/images/facts';
import { upgradeCandidate } from '../core/images/eol';
import { EOL_DATA } from '../core/images/eolData';
import type { Inventory, Platform, ResolvedImage } from './types';
import { RegistryClient, RegistryError, parsePlatform } from './registry';
import { RegistryNetworkError } from './registry/errors';
import { isCertificateError } from './registry/tls';
import { inventoryFromAttestation, inventoryFromLayers, type InventoryLimits, type LayerInput } from './inventory';
import { advisoriesFromOsvApi, matchInventory, type AdvisoryDatabase, type OsvApiOptions } from './advisories';

export interface ScannerOptions {
  client: RegistryClient;
  /** Without a database, images are resolved and inventoried but not matched against advisories. */
  database?: AdvisoryDatabase;
  /** When the database was built or downloaded, shown with findings. */
  databaseDate?: string;
  /** Without a local database, ask the OSV API (the network is on anyway when scanning). */
  osvApi?: OsvApiOptions | false;
  inventoryLimits?: Partial<InventoryLimits>;
  /** Platform to scan when a reference names none (default: the host's). */
  platform?: Platform;
  now?: () => Date;
}

const MAX_ATTESTATION_BYTES = 32 * 1024 * 1024;
/** The most inventories kept in memory (each is a few kB to a few MB). */
const MAX_CACHED_INVENTORIES = 200;

export class ImageScanner {
  private readonly inventories = new Map<string, Inventory>();
  private readonly inFlight = new Map<string, Promise<ImageFacts>>();
  /** Completed scans by facts key; the shells read these synchronously when analysing. */
  readonly facts = new Map<string, ImageFacts>();

  constructor(private readonly options: ScannerOptions) {}

  /** Scans `ref` (once per key at a time) and records the facts under its key. */
  scan(ref: ImageReference, platformText?: string, signal?: AbortSignal): Promise<ImageFacts> {
    const key = factsKey(ref, platformText);
    const running = this.inFlight.get(key);
    if (running) return running;
    const run = this.run(ref, key, platformText, signal).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, run);
    return run;
  }

  private async run(ref: ImageReference, key: string, platformText: string | undefined, signal?: AbortSignal): Promise<ImageFacts> {
    const now = this.options.now ?? (() => new Date());
    const facts: ImageFacts = { reference: key, resolvedAt: now().toISOString() };
    try {
      const platform = platformText ? parsePlatform(platformText) : this.options.platform;
      const image = await this.options.client.resolve(ref, { platform, signal });
      Object.assign(facts, {
        digest: image.digest,
        manifestDigest: image.manifestDigest,
        platform: image.platform,
        platforms: image.platforms,
        config: image.config,
      });
      await this.findUpgrade(ref, facts, signal);
      const inventory = await this.inventory(image, signal);
      facts.os = inventory.os;
      facts.packageCount = inventory.packages.length;
      facts.inventorySource = inventory.source;
      if (inventory.warnings.length > 0) facts.warnings = inventory.warnings.slice(0, 20);
      if (this.options.database) {
        facts.vulnerabilities = matchInventory(inventory, this.options.database);
        if (this.options.databaseDate) facts.databaseDate = this.options.databaseDate;
      } else if (this.options.osvApi) {
        const online = await advisoriesFromOsvApi(inventory, { ...this.options.osvApi, signal });
        facts.vulnerabilities = matchInventory(inventory, online.database);
        facts.databaseDate = now().toISOString();
        if (online.warnings.length > 0) facts.warnings = [...(facts.warnings ?? []), ...online.warnings];
      }
    } catch (error) {
      facts.error = scanError(error);
    }
    this.facts.set(key, facts);
    return facts;
  }

  /** For an end-of-life image, a newer tag of the same flavour, kept only when the registry has it (one HEAD). */
  private async findUpgrade(ref: ImageReference, facts: ImageFacts, signal?: AbortSignal): Promise<void> {
    const today = (this.options.now ?? (() => new Date()))().toISOString().slice(0, 10);
    const tag = upgradeCandidate(ref, EOL_DATA, today);
    if (!tag) return;
    try {
      const found = await this.options.client.resolveDigest(`${ref.name}:${tag}`, { signal });
      facts.upgrade = { tag, digest: found.digest };
    } catch {
      // No such tag: no suggestion rather than a wrong one.
    }
  }

  /** SBOM attestation first (three small requests, no layers), else the layers. */
  private async inventory(image: ResolvedImage, signal?: AbortSignal): Promise<Inventory> {
    const cached = this.inventories.get(image.manifestDigest);
    if (cached) return cached;
    let inventory: Inventory | undefined;
    if (image.attestationDigest) {
      inventory = await this.fromAttestation(image, signal).catch(() => undefined);
      if (inventory && inventory.packages.length === 0) inventory = undefined;
    }
    inventory ??= await inventoryFromLayers(this.layerInputs(image, signal), this.options.inventoryLimits);
    // Only complete inventories are worth keeping: a partial one would hide the rest forever.
    if (!inventory.warnings.some((w) => /limit|could not|failed|corrupt|truncated/i.test(w))) {
      this.inventories.set(image.manifestDigest, inventory);
      if (this.inventories.size > MAX_CACHED_INVENTORIES) this.inventories.delete(this.inventories.keys().next().value!);
    }
    return inventory;
  }

  private async fromAttestation(image: ResolvedImage, signal?: AbortSignal): Promise<Inventory | undefined> {
    const manifest = await this.options.client.fetchManifest(image, image.attestationDigest!, { signal });
    const layers = (manifest.manifest as { layers?: { digest: string; mediaType: string; annotations?: Record<string, string> }[] }).layers ?? [];
    const spdx = layers.find((l) => /spdx/i.test(l.annotations?.['in-toto.io/predicate-type'] ?? '') || /in-toto/.test(l.mediaType));
    if (!spdx) return undefined;
    const statement = await this.options.client.readBlob(image, spdx.digest, { maxBytes: MAX_ATTESTATION_BYTES, signal });
    return inventoryFromAttestation(statement);
  }

  private async *layerInputs(image: ResolvedImage, signal?: AbortSignal): AsyncGenerator<LayerInput> {
    for (const layer of image.layers) {
      const stream = await this.options.client.openBlob(image, layer.digest, { maxBytes: Math.max(layer.size, 1) + 1024, signal });
      yield { digest: layer.digest, mediaType: layer.mediaType, stream };
    }
  }
}

/** A registry or scan failure as the plain-data error the core reports, without secrets. */
export function scanError(error: unknown): ImageScanError {
  if (error instanceof RegistryError) {
    const kind: ImageScanError['kind'] =
      error.code === 'credentials-required' || error.code === 'credentials-rejected' || error.code === 'access-denied'
        ? 'auth'
        : error.code === 'not-found'
          ? 'not-found'
          : error.code === 'rate-limited'
            ? 'rate-limited'
            : error instanceof RegistryNetworkError && isCertificateError(error.systemCode)
              ? 'certificate'
              : error.code === 'network' || error.code === 'timeout' || error.code === 'aborted'
              ? 'network'
              : error.code === 'too-large'
                ? 'limit'
                : error.code === 'platform-not-found'
                  ? 'platform'
                  : 'other';
    return { kind, message: error.message };
  }
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}
