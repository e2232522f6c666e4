/**
 * Registry client for the OCI distribution spec: reference → (HEAD) digest → index → platform manifest →
 * config, every piece cached (content by digest forever, tags for a TTL) and single-flighted, and blobs
 * streamed with digest verification. Zero dependencies beyond Node's fetch.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parseImageReference, referenceProblems, type ImageReference } from '../../core/documents/imageReference';
import type { Platform, ResolvedImage } from '../types';
import { verifiedChunks, verifiedStream } from './blobStream';
import { RegistryCache } from './cache';
import type { CredentialProvider, Credentials } from './credentials';
import { computeDigest, digestAlgorithm, isSupportedDigest } from './digest';
import { DockerConfigCredentialProvider } from './dockerConfigProvider';
import {
  DigestMismatchError,
  InvalidReferenceError,
  NotFoundError,
  PlatformNotFoundError,
  RegistryProtocolError,
  UnsupportedManifestError,
} from './errors';
import { HttpTransport, type FetchLike, type HttpResponse } from './http';
import { attestationFor, parseImageConfig, parseManifest, type ImageManifest, type ParsedImageConfig, type ParsedManifest } from './manifest';
import { MANIFEST_ACCEPT } from './mediaTypes';
import { formatPlatform, hostPlatform, indexPlatforms, selectPlatformEntry } from './platform';
import type { RateLimitInfo } from './rateLimit';
import { RegistrySession, type RegistryTarget } from './session';
import { SingleFlight } from './singleFlight';
import { unverifiedTlsFetch } from './tls';

export interface RegistryClientOptions {
  /** Where credentials come from once a registry asks; default Docker's config.json and its helpers. */
  credentials?: CredentialProvider;
  /** Shared cache; default a memory-only cache (pass `new RegistryCache({ dir })` for the disk tier). */
  cache?: RegistryCache;
  /** Per request: until headers arrive, and between body chunks. Default 30 s. */
  timeoutMs?: number;
  /** A 429 whose `retry-after` is at most this is retried once after waiting; longer ones fail at once. Default 10. */
  maxRetryAfterSeconds?: number;
  /** Registries spoken to over plain HTTP; default loopback hosts only. */
  plainHttp?: (registry: string) => boolean;
  /**
   * Registries (and URL hosts) whose TLS certificate is not verified, plain HTTP allowed when they do not speak
   * TLS (`insecureRegistryMatcher` in tls.ts builds one from a list). Default none: every HTTPS request verifies.
   * Asked on every request, so a predicate over a setting follows the setting.
   */
  insecureRegistries?: (host: string) => boolean;
  /** Called once per listed registry this client speaks to (to warn that verification is off for it). */
  onInsecureRegistry?: (registry: string) => void;
  /** Clock for token expiry and cache TTLs. */
  now?: () => number;
  fetch?: FetchLike;
  userAgent?: string;
  /** How long credentials read from the provider are reused; default 5 minutes. */
  credentialCacheMs?: number;
  /** Default 4 MiB (the limit the distribution spec lets registries enforce). */
  maxManifestBytes?: number;
  maxConfigBytes?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Use these instead of the provider's. */
  credentials?: Credentials;
  timeoutMs?: number;
}

export interface ResolveOptions extends RequestOptions {
  /** Default: the host's architecture on Linux. */
  platform?: Platform;
}

export interface OpenBlobOptions extends RequestOptions {
  /** The stream fails once more than this many bytes arrive (and at once when Content-Length says so). */
  maxBytes: number;
}

/** Where blobs and manifests live: a ResolvedImage fits. */
export type RepositoryLocator = Pick<ResolvedImage, 'registry' | 'repository'>;

export interface FetchedManifest {
  digest: string;
  bytes: Uint8Array;
  manifest: ParsedManifest;
}

export interface TagResolution {
  name: string;
  registry: string;
  repository: string;
  tag?: string;
  digest: string;
}

export class RegistryClient {
  readonly cache: RegistryCache;
  private readonly transport: HttpTransport;
  private readonly session: RegistrySession;
  private readonly flights = new SingleFlight();
  private readonly timeoutMs: number;
  private readonly maxManifestBytes: number;
  private readonly maxConfigBytes: number;

  constructor(options: RegistryClientOptions = {}) {
    this.cache = options.cache ?? new RegistryCache({ now: options.now });
    const insecure = options.insecureRegistries ?? (() => false);
    const baseFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
    // Only a request whose own host is listed skips verification: redirects elsewhere and other hosts verify.
    const unverified = options.fetch ?? unverifiedTlsFetch;
    const routed: FetchLike = (input, init) => (input.protocol === 'https:' && insecure(input.host) ? unverified(input, init) : baseFetch(input, init));
    this.transport = new HttpTransport(routed);
    const warned = new Set<string>();
    const onInsecure = options.onInsecureRegistry ?? (() => undefined);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxManifestBytes = options.maxManifestBytes ?? 4 * 1024 * 1024;
    this.maxConfigBytes = options.maxConfigBytes ?? 8 * 1024 * 1024;
    this.session = new RegistrySession({
      transport: this.transport,
      credentials: options.credentials ?? new DockerConfigCredentialProvider(),
      timeoutMs: this.timeoutMs,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 10,
      plainHttp: options.plainHttp ?? isLoopbackRegistry,
      insecure,
      onInsecure: (registry) => {
        if (warned.has(registry)) return;
        warned.add(registry);
        onInsecure(registry);
      },
      now: options.now ?? Date.now,
      userAgent: options.userAgent ?? 'drydock-registry-client',
      credentialCacheMs: options.credentialCacheMs ?? 5 * 60 * 1000,
    });
  }

  /** HTTP requests sent so far (token requests and redirect hops included). */
  get requests(): number {
    return this.transport.requests;
  }

  /** The last rate-limit headers a registry sent, if any. */
  rateLimit(registry: string): RateLimitInfo | undefined {
    return this.session.rateLimits.get(registry);
  }

  /** Tag → digest only (one HEAD, or nothing when cached): what "pin to digest" needs. */
  async resolveDigest(reference: string | ImageReference, options: RequestOptions = {}): Promise<TagResolution> {
    const ref = checkedReference(reference);
    const target = { registry: ref.registry, repository: ref.repository };
    const tag = ref.tag ?? (ref.digest ? undefined : 'latest');
    const digest = ref.digest ?? (await this.tagDigest(target, tag!, options));
    return { name: `${ref.registry}/${ref.repository}`, registry: ref.registry, repository: ref.repository, tag, digest };
  }

  async resolve(reference: string | ImageReference, options: ResolveOptions = {}): Promise<ResolvedImage> {
    const resolution = await this.resolveDigest(reference, options);
    const target = { registry: resolution.registry, repository: resolution.repository };
    const top = await this.fetchManifest(target, resolution.digest, options);
    let manifest: ImageManifest;
    let manifestDigest = resolution.digest;
    let platform: Platform | undefined;
    let platforms: Platform[] = [];
    let attestationDigest: string | undefined;
    if (top.manifest.kind === 'index') {
      const index = top.manifest;
      const requested = options.platform ?? hostPlatform();
      platforms = indexPlatforms(index.manifests);
      const entry = selectPlatformEntry(index.manifests, requested);
      if (!entry) {
        const offered = platforms.length ? platforms.map(formatPlatform).join(', ') : 'no platforms';
        throw new PlatformNotFoundError(`no manifest for ${formatPlatform(requested)} in ${subjectOf(resolution)} (has ${offered})`, {
          registry: resolution.registry,
          requested,
          available: platforms,
        });
      }
      const child = await this.fetchManifest(target, entry.digest, options);
      if (child.manifest.kind !== 'manifest') {
        throw new UnsupportedManifestError(`${subjectOf(resolution)}: an index inside an index is not supported`, { registry: resolution.registry });
      }
      manifest = child.manifest;
      manifestDigest = entry.digest;
      platform = entry.platform;
      attestationDigest = attestationFor(index, entry.digest)?.digest;
    } else {
      manifest = top.manifest;
    }
    const config = await this.fetchConfig(target, manifest.config.digest, options);
    if (top.manifest.kind === 'manifest') {
      // A single-platform image runs as what its config says, whatever was asked (as docker and trivy do).
      platform = config.platform;
      platforms = config.platform ? [config.platform] : [];
    }
    const resolved: ResolvedImage = {
      name: resolution.name,
      registry: resolution.registry,
      repository: resolution.repository,
      digest: resolution.digest,
      manifestDigest,
      platforms,
      config: config.summary,
      configDigest: manifest.config.digest,
      layers: manifest.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType })),
    };
    if (resolution.tag !== undefined) resolved.tag = resolution.tag;
    if (platform) resolved.platform = platform;
    if (attestationDigest) resolved.attestationDigest = attestationDigest;
    return resolved;
  }

  /** A manifest or index by digest, verified and cached (attestation manifests too). */
  fetchManifest(locator: RepositoryLocator, digest: string, options: RequestOptions = {}): Promise<FetchedManifest> {
    requireDigest(digest);
    const target = { registry: locator.registry, repository: locator.repository };
    return this.flights.run(flightKey(`manifest|${target.registry}/${target.repository}@${digest}`, options), options.signal, async (signal) => {
      const cached = await this.cache.getContent(digest);
      if (cached) return { digest, bytes: cached, manifest: parseManifest(cached) };
      const res = await this.session.request(target, {
        ...options,
        signal,
        method: 'GET',
        path: `manifests/${digest}`,
        accept: MANIFEST_ACCEPT,
        kind: 'manifest',
        subject: `${target.repository}@${digest}`,
      });
      const bytes = await res.bytes(this.maxManifestBytes, `manifest ${target.repository}@${digest}`);
      verifyBytes(bytes, digest, target, 'manifest');
      const manifest = parseManifest(bytes, res.headers.get('content-type'));
      await this.cache.putContent(digest, bytes);
      return { digest, bytes, manifest };
    });
  }

  /** A small blob read whole, verified (SBOM statements, configs). Not cached: see fetchConfig for that. */
  async readBlob(locator: RepositoryLocator, digest: string, options: OpenBlobOptions): Promise<Uint8Array> {
    const target = { registry: locator.registry, repository: locator.repository };
    const res = await this.blobResponse(target, digest, options);
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of verifiedChunks(res.chunks(), verifyOptions(target, digest, options.maxBytes))) {
      chunks.push(chunk);
      total += chunk.byteLength;
    }
    return Buffer.concat(chunks, total);
  }

  /** A blob as a byte stream that errors on digest mismatch (after the last chunk) or when over `maxBytes`. */
  async openBlob(locator: RepositoryLocator, digest: string, options: OpenBlobOptions): Promise<Readable> {
    const target = { registry: locator.registry, repository: locator.repository };
    const res = await this.blobResponse(target, digest, options);
    const stream = verifiedStream(res.chunks(), verifyOptions(target, digest, options.maxBytes));
    // A stream destroyed before its first read never runs the body reader's cleanup: release the connection here.
    stream.once('close', () => void res.discard());
    return stream;
  }

  private async blobResponse(target: RegistryTarget, digest: string, options: OpenBlobOptions): Promise<HttpResponse> {
    requireDigest(digest);
    const res = await this.session.request(target, {
      ...options,
      method: 'GET',
      path: `blobs/${digest}`,
      kind: 'blob',
      subject: `${target.repository}@${digest}`,
    });
    const declared = res.contentLength();
    if (declared !== undefined && declared > options.maxBytes) {
      await res.discard();
      throw res.tooLarge(`blob ${target.repository}@${digest}`, options.maxBytes);
    }
    return res;
  }

  private fetchConfig(target: RegistryTarget, digest: string, options: RequestOptions): Promise<ParsedImageConfig> {
    return this.flights.run(flightKey(`config|${target.registry}/${target.repository}@${digest}`, options), options.signal, async (signal) => {
      const cached = await this.cache.getContent(digest);
      if (cached) return parseImageConfig(cached);
      const bytes = await this.readBlob(target, digest, { ...options, signal, maxBytes: this.maxConfigBytes });
      const parsed = parseImageConfig(bytes);
      await this.cache.putContent(digest, bytes);
      return parsed;
    });
  }

  private tagDigest(target: RegistryTarget, tag: string, options: RequestOptions): Promise<string> {
    const key = `${target.registry}/${target.repository}:${tag}`;
    return this.flights.run(flightKey(`tag|${key}`, options), options.signal, async (signal) => {
      const cached = await this.cache.getTag(key);
      if (cached) return cached;
      const digest = await this.headTag(target, tag, { ...options, signal });
      await this.cache.putTag(key, digest);
      return digest;
    });
  }

  /** HEAD (free on Docker Hub); a GET only when the registry sends no digest header or HEAD says 404. */
  private async headTag(target: RegistryTarget, tag: string, options: RequestOptions): Promise<string> {
    const subject = `${target.repository}:${tag}`;
    const request = { ...options, path: `manifests/${tag}`, accept: MANIFEST_ACCEPT, kind: 'manifest' as const, subject };
    try {
      const head = await this.session.request(target, { ...request, method: 'HEAD' });
      await head.discard();
      const digest = head.headers.get('docker-content-digest')?.trim();
      if (digest && isSupportedDigest(digest)) return digest;
    } catch (error) {
      // A HEAD 404 has no body to tell a missing tag from a missing repository; the GET's error code does.
      if (!(error instanceof NotFoundError)) throw error;
    }
    const res = await this.session.request(target, { ...request, method: 'GET' });
    const bytes = await res.bytes(this.maxManifestBytes, `manifest ${subject}`);
    const header = res.headers.get('docker-content-digest')?.trim();
    const algorithm = header && isSupportedDigest(header) ? digestAlgorithm(header) : 'sha256';
    const digest = computeDigest(bytes, algorithm);
    if (header && isSupportedDigest(header) && header !== digest) {
      throw new DigestMismatchError(`manifest ${subject} from ${target.registry} does not match its Docker-Content-Digest`, {
        registry: target.registry,
        expected: header,
        actual: digest,
      });
    }
    parseManifest(bytes, res.headers.get('content-type'));
    await this.cache.putContent(digest, bytes);
    return digest;
  }
}

function checkedReference(reference: string | ImageReference): ImageReference {
  const ref = typeof reference === 'string' ? parseImageReference(reference) : reference;
  if (!ref) throw new InvalidReferenceError(`"${String(reference).slice(0, 200)}" is not an image reference`);
  if (ref.dynamic) throw new InvalidReferenceError(`${ref.raw} contains unresolved variables`);
  const problems = referenceProblems(ref);
  if (problems.length) throw new InvalidReferenceError(`${ref.raw}: ${problems.join('; ')}`);
  if (ref.digest && !isSupportedDigest(ref.digest)) throw new InvalidReferenceError(`${ref.raw}: unsupported digest algorithm`);
  return ref;
}

/** Callers with their own credentials do not share work with others (the answer may differ). */
function flightKey(base: string, options: RequestOptions): string {
  if (!options.credentials) return base;
  return `${base}|${createHash('sha256').update(JSON.stringify(options.credentials)).digest('hex').slice(0, 16)}`;
}

function requireDigest(digest: string): void {
  if (!isSupportedDigest(digest)) throw new RegistryProtocolError(`unsupported or malformed digest "${digest.slice(0, 80)}"`);
}

function verifyBytes(bytes: Uint8Array, digest: string, target: RegistryTarget, what: string): void {
  const actual = computeDigest(bytes, digestAlgorithm(digest));
  if (actual !== digest) {
    throw new DigestMismatchError(`${what} ${target.repository}@${digest} from ${target.registry} does not match its digest (got ${actual})`, {
      registry: target.registry,
      expected: digest,
      actual,
    });
  }
}

function verifyOptions(target: RegistryTarget, digest: string, maxBytes: number) {
  return { digest, maxBytes, registry: target.registry, subject: `${target.repository}@${digest}` };
}

function subjectOf(r: TagResolution): string {
  return r.tag ? `${r.name}:${r.tag}` : `${r.name}@${r.digest}`;
}

/** `localhost`, `127.x.x.x` and `[::1]`, with or without a port. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(1, registry.indexOf(']')) : registry.split(':')[0];
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
