/**
 * Background image scans for the language server, only when the user enabled the network (and the
 * workspace is trusted): references found by an analysis are scanned off the keystroke path,
 * and when a scan finishes the documents naming that image are analysed again with the facts.
 * Hovers and diagnostics never wait for the network.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { factsKey, type AdvisoryPort, type ImageFacts, type ImageFactsProvider } from '../core/images/facts';
import type { ImageUse } from '../core/images/references';
import {
  DockerConfigCredentialProvider,
  RegistryCache,
  RegistryClient,
  chainCredentialProviders,
  insecureRegistryMatcher,
  type CredentialProvider,
} from '../images/registry';
import { loadAdvisoryDatabase, type AdvisoryDatabase } from '../images/advisories';
import { ImageScanner } from '../images/scanner';
import { advisoryPort, cacheRoot, defaultDatabaseDir, osvApiUrl } from '../localData';

/** Scans at a time; a workspace naming fifty images does not open fifty connections. */
const CONCURRENCY = 3;

interface PendingScan {
  use: ImageUse;
  /** Documents to analyse again when the scan is done. */
  uris: Set<string>;
  started: boolean;
}

export class ImageScans {
  private scanner: ImageScanner | undefined;
  private starting: Promise<ImageScanner> | undefined;
  private readonly waiting = new Map<string, PendingScan>();
  private running = 0;
  private databaseNote: string | undefined;

  constructor(
    private readonly storageDir: string | undefined,
    private readonly onScanned: (uris: string[], facts: ImageFacts) => void,
    private readonly log: (message: string) => void,
    /** Credentials the user stored in VS Code's SecretStorage, asked of the client; tried after Docker's config. */
    private readonly editorCredentials?: CredentialProvider,
    /** Warnings the user must see (a registry spoken to without TLS verification). */
    private readonly warn: (message: string) => void = log,
  ) {}

  private insecureList = '';
  private insecure: (host: string) => boolean = () => false;

  /**
   * Registries whose certificate is not verified (`drydock.images.insecureRegistries`, already empty in an
   * untrusted workspace); asked on every request, so a changed setting applies to the next one.
   */
  setInsecureRegistries(hosts: readonly string[]): void {
    const key = hosts.join('\n');
    if (key === this.insecureList) return;
    this.insecureList = key;
    this.insecure = insecureRegistryMatcher(hosts);
    // A scan refused (or allowed) under the old list is not an answer under the new one.
    this.scanner?.facts.clear();
  }

  /** The advisory database once loaded (pinned-package checks), undefined before the first scan or without one. */
  advisories: AdvisoryPort | undefined;

  /** Facts known so far, for analyses (never blocks). */
  readonly provider: ImageFactsProvider = {
    get: (ref, platform) => this.scanner?.facts.get(factsKey(ref, platform)) ?? (platform ? this.scanner?.facts.get(factsKey(ref)) : undefined),
  };

  /** Queues scans of the references of `uri` that are neither known nor queued. */
  request(uri: string, uses: readonly ImageUse[]): void {
    for (const use of uses) {
      const key = factsKey(use.ref, use.platform);
      if (this.scanner?.facts.has(key)) continue;
      const entry = this.waiting.get(key);
      if (entry) entry.uris.add(uri);
      else this.waiting.set(key, { use, uris: new Set([uri]), started: false });
    }
    this.pump();
  }

  /** Forgets every result (the "rescan" command, a changed database). */
  clear(): void {
    this.scanner?.facts.clear();
  }

  private pump(): void {
    while (this.running < CONCURRENCY) {
      const next = [...this.waiting.entries()].find(([, pending]) => !pending.started);
      if (!next) return;
      const [key, entry] = next;
      entry.started = true;
      this.running++;
      void this.scan(entry).finally(() => {
        this.running--;
        this.waiting.delete(key);
        this.pump();
      });
    }
  }

  private async scan(entry: PendingScan): Promise<void> {
    try {
      const scanner = await this.ensureScanner();
      const facts = await scanner.scan(entry.use.ref, entry.use.platform);
      if (facts.error) this.log(`Image ${entry.use.text}: ${facts.error.message}`);
      this.onScanned([...entry.uris], facts);
    } catch (error) {
      this.log(`Image scan of ${entry.use.text} failed: ${(error as Error).message}`);
    }
  }

  private ensureScanner(): Promise<ImageScanner> {
    if (this.scanner) return Promise.resolve(this.scanner);
    this.starting ??= (async () => {
      const root = this.storageDir ?? cacheRoot();
      const dbDir = defaultDatabaseDir();
      let database: AdvisoryDatabase | undefined;
      if (existsSync(dbDir)) database = await loadAdvisoryDatabase(dbDir).catch(() => undefined);
      if (database) this.advisories = advisoryPort(database);
      if (!database && !this.databaseNote) {
        this.databaseNote = `No advisory database at ${dbDir}: asking the OSV API (${osvApiUrl()}); run \`drydock db update\` to keep scans local.`;
        this.log(this.databaseNote);
      }
      const credentials = this.editorCredentials ? chainCredentialProviders(new DockerConfigCredentialProvider(), this.editorCredentials) : new DockerConfigCredentialProvider();
      const client = new RegistryClient({
        credentials,
        cache: new RegistryCache({ dir: join(root, 'registry') }),
        insecureRegistries: (host) => this.insecure(host),
        onInsecureRegistry: (registry) => this.warn(`TLS verification is OFF for registry ${registry} (drydock.images.insecureRegistries).`),
      });
      this.scanner = new ImageScanner({ client, database, osvApi: database ? false : { baseUrl: osvApiUrl() } });
      return this.scanner;
    })();
    return this.starting;
  }
}
