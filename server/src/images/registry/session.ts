/**
 * Authenticated requests to one or more registries: the challenge → token → retry dance (Docker's token spec:
 * anonymous or with Basic credentials, OAuth2 refresh tokens for `identitytoken`), HTTP Basic, a token cache per
 * (registry, scope, identity) honouring `expires_in`, rate-limit header capture, one bounded retry on 429, and
 * the mapping of registry answers to typed errors. Credentials are looked up only once a registry asks.
 */
import { createHash } from 'node:crypto';
import { findChallenge, parseWwwAuthenticate, type AuthChallenge } from './challenge';
import { CredentialSourceError, hasCredentials, type CredentialProvider, type Credentials } from './credentials';
import {
  AccessDeniedError,
  CredentialsRejectedError,
  CredentialsRequiredError,
  NotFoundError,
  RateLimitedError,
  RegistryAbortedError,
  RegistryError,
  RegistryNetworkError,
  RegistryProtocolError,
  RegistryServerError,
  UnsupportedManifestError,
  type NotFoundKind,
} from './errors';
import type { HttpResponse, HttpTransport } from './http';
import { parseRateLimitHeaders, parseRetryAfter, type RateLimitInfo } from './rateLimit';
import { SingleFlight } from './singleFlight';

export interface RegistryTarget {
  registry: string;
  repository: string;
}

export interface SessionRequest {
  method: 'GET' | 'HEAD';
  /** Path below `/v2/<repository>/`, e.g. `manifests/latest`. */
  path: string;
  accept?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** What is asked for, for not-found errors. */
  kind: NotFoundKind;
  /** `repository:tag`, `repository@digest`: named in messages. */
  subject: string;
  /** Overrides the provider for this request. */
  credentials?: Credentials;
}

export interface SessionOptions {
  transport: HttpTransport;
  credentials: CredentialProvider;
  timeoutMs: number;
  maxRetryAfterSeconds: number;
  plainHttp: (registry: string) => boolean;
  /** Registries listed as insecure (tls.ts): HTTPS without verification first, plain HTTP when TLS fails. */
  insecure: (registry: string) => boolean;
  /** Called before every request to a listed registry (the client warns once per registry). */
  onInsecure: (registry: string) => void;
  now: () => number;
  userAgent: string;
  credentialCacheMs: number;
}

type KnownChallenge = { scheme: 'bearer'; realm: string; service?: string } | { scheme: 'basic' };

interface CredentialLookup {
  credentials?: Credentials;
  /** Why none could be read (a failing helper), for the error that follows. */
  problem?: string;
}

const MAX_TOKEN_RESPONSE = 256 * 1024;
const MAX_ERROR_BODY = 64 * 1024;
const MAX_CACHED_TOKENS = 1000;
const DEFAULT_TOKEN_SECONDS = 60;

export class RegistrySession {
  readonly rateLimits = new Map<string, RateLimitInfo>();
  private readonly challenges = new Map<string, KnownChallenge>();
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly credentialCache = new Map<string, { lookup: CredentialLookup; at: number }>();
  private readonly flights = new SingleFlight();
  /** Listed (insecure) registries that did not speak TLS: spoken to over plain HTTP from then on. */
  private readonly plainFallback = new Set<string>();
  /** Listed registries that answered over HTTPS once: a later network error is an error, not a reason to fall back. */
  private readonly spokeTls = new Set<string>();

  constructor(private readonly options: SessionOptions) {}

  /** Docker Hub's API lives on registry-1.docker.io; loopback registries speak plain HTTP unless told otherwise. */
  apiBase(registry: string): URL {
    const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
    const plain = this.options.insecure(registry) ? this.plainFallback.has(registry) : this.options.plainHttp(registry);
    return new URL(`${plain ? 'http' : 'https'}://${host}`);
  }

  async request(target: RegistryTarget, req: SessionRequest): Promise<HttpResponse> {
    const { registry, repository } = target;
    const scope = `repository:${repository}:pull`;
    let url = new URL(`/v2/${repository}/${req.path}`, this.apiBase(registry));
    const insecure = this.options.insecure(registry);
    if (insecure) this.options.onInsecure(registry);
    let lookup: CredentialLookup | undefined = req.credentials ? { credentials: req.credentials } : undefined;
    const credentials = async () => (lookup ??= await this.lookupCredentials(registry, req.signal));
    let authorization = await this.preemptiveAuthorization(registry, scope, credentials, req.signal);
    let answeredChallenge = false;
    let retriedRateLimit = false;
    for (;;) {
      const headers: Record<string, string> = { 'user-agent': this.options.userAgent };
      if (req.accept) headers.accept = req.accept;
      if (authorization) headers.authorization = authorization;
      let res: HttpResponse;
      try {
        res = await this.options.transport.send(url, {
          method: req.method,
          headers,
          signal: req.signal,
          timeoutMs: req.timeoutMs ?? this.options.timeoutMs,
          registry,
        });
      } catch (error) {
        // A listed registry that does not speak TLS is tried once more over plain HTTP (as Docker and skopeo do).
        if (insecure && url.protocol === 'https:' && error instanceof RegistryNetworkError && !this.spokeTls.has(registry)) {
          this.plainFallback.add(registry);
          url = new URL(`/v2/${repository}/${req.path}`, this.apiBase(registry));
          continue;
        }
        throw error;
      }
      if (insecure && url.protocol === 'https:') this.spokeTls.add(registry);
      this.captureRateLimit(registry, res);
      if (res.status >= 200 && res.status < 300) return res;
      if (res.status === 401) {
        const challenges = parseWwwAuthenticate(res.headers.get('www-authenticate'));
        await res.discard();
        const bearer = findChallenge(challenges, 'bearer');
        if (answeredChallenge || (!bearer && !findChallenge(challenges, 'basic'))) {
          throw this.unauthorized(target, bearer, await credentials(), req.subject);
        }
        answeredChallenge = true;
        authorization = await this.answerChallenge(registry, scope, challenges, await credentials(), target, req);
        continue;
      }
      if (res.status === 429) {
        const retryAfter = parseRetryAfter(res.headers.get('retry-after'), Date.now());
        await res.discard();
        if (!retriedRateLimit && retryAfter !== undefined && retryAfter <= this.options.maxRetryAfterSeconds) {
          retriedRateLimit = true;
          await sleep(retryAfter * 1000, req.signal);
          continue;
        }
        const rateLimit = this.rateLimits.get(registry);
        const quota = rateLimit?.limit !== undefined ? ` (limit ${rateLimit.limit}${rateLimit.windowSeconds ? ` per ${rateLimit.windowSeconds} s` : ''})` : '';
        throw new RateLimitedError(
          `${registry} rate limit reached${quota}${retryAfter !== undefined ? `; retry after ${retryAfter} s` : ''}${hasCredentials(lookup?.credentials) ? '' : '; signing in raises the limit'}`,
          { registry, status: 429, retryAfterSeconds: retryAfter, rateLimit },
        );
      }
      throw await this.failure(target, req, res, lookup?.credentials);
    }
  }

  private async preemptiveAuthorization(
    registry: string,
    scope: string,
    credentials: () => Promise<CredentialLookup>,
    signal: AbortSignal | undefined,
  ): Promise<string | undefined> {
    const known = this.challenges.get(registry);
    if (!known) return undefined;
    const found = (await credentials()).credentials;
    if (known.scheme === 'basic') return basicAuthorization(found);
    if (found?.registryToken) return `Bearer ${found.registryToken}`;
    const cached = this.cachedToken(registry, scope, found);
    if (cached) return `Bearer ${cached}`;
    try {
      return `Bearer ${await this.token(registry, known, scope, found, signal)}`;
    } catch (error) {
      // The registry will challenge again and the error is reported from there, with its context.
      if (error instanceof RegistryAbortedError) throw error;
      return undefined;
    }
  }

  private async answerChallenge(
    registry: string,
    scope: string,
    challenges: AuthChallenge[],
    lookup: CredentialLookup,
    target: RegistryTarget,
    req: SessionRequest,
  ): Promise<string> {
    const bearer = findChallenge(challenges, 'bearer');
    const found = lookup.credentials;
    if (bearer) {
      const realm = bearer.params.realm;
      if (!realm) throw new RegistryProtocolError(`${registry} sent a Bearer challenge without a realm`, { registry, status: 401 });
      const known: KnownChallenge = { scheme: 'bearer', realm, service: bearer.params.service };
      this.challenges.set(registry, known);
      if (found?.registryToken) return `Bearer ${found.registryToken}`;
      // A cached token that was refused is stale: ask for a new one.
      this.tokens.delete(tokenKey(registry, scope, found));
      return `Bearer ${await this.token(registry, known, scope, found, req.signal, bearer.params.scope)}`;
    }
    this.challenges.set(registry, { scheme: 'basic' });
    const basic = basicAuthorization(found);
    if (!basic) throw this.unauthorized(target, undefined, lookup, req.subject);
    return basic;
  }

  private cachedToken(registry: string, scope: string, credentials: Credentials | undefined): string | undefined {
    const entry = this.tokens.get(tokenKey(registry, scope, credentials));
    return entry && entry.expiresAt > this.options.now() ? entry.token : undefined;
  }

  private token(
    registry: string,
    challenge: Extract<KnownChallenge, { scheme: 'bearer' }>,
    scope: string,
    credentials: Credentials | undefined,
    signal: AbortSignal | undefined,
    challengeScope?: string,
  ): Promise<string> {
    const key = tokenKey(registry, scope, credentials);
    return this.flights.run(`token|${key}`, signal, async (shared) => {
      const cached = this.cachedToken(registry, scope, credentials);
      if (cached) return cached;
      const { token, expiresInSeconds } = await this.fetchToken(registry, challenge, challengeScope ?? scope, credentials, shared);
      const lifetime = expiresInSeconds * 1000;
      // Renew a little early so a token does not expire between our check and the registry's.
      const expiresAt = this.options.now() + lifetime - Math.min(10_000, lifetime / 10);
      if (this.tokens.size >= MAX_CACHED_TOKENS) {
        for (const [k, v] of this.tokens) if (v.expiresAt <= this.options.now()) this.tokens.delete(k);
        if (this.tokens.size >= MAX_CACHED_TOKENS) this.tokens.delete(this.tokens.keys().next().value!);
      }
      this.tokens.set(key, { token, expiresAt });
      return token;
    });
  }

  private async fetchToken(
    registry: string,
    challenge: Extract<KnownChallenge, { scheme: 'bearer' }>,
    scope: string,
    credentials: Credentials | undefined,
    signal: AbortSignal,
  ): Promise<{ token: string; expiresInSeconds: number }> {
    let realm: URL;
    try {
      realm = new URL(challenge.realm);
    } catch {
      throw new RegistryProtocolError(`${registry} named an invalid token realm`, { registry });
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') throw new RegistryProtocolError(`${registry} named a non-HTTP token realm`, { registry });
    // Credentials go to a plain-HTTP realm only when the registry itself is plain HTTP (a local test registry).
    const sendCredentials = hasCredentials(credentials) && (realm.protocol === 'https:' || this.apiBase(registry).protocol === 'http:');
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, accept: 'application/json' };
    let res: HttpResponse;
    if (sendCredentials && credentials?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.identityToken, scope, client_id: 'drydock' });
      if (challenge.service) form.set('service', challenge.service);
      headers['content-type'] = 'application/x-www-form-urlencoded';
      res = await this.options.transport.send(realm, { method: 'POST', headers, body: form.toString(), signal, timeoutMs: this.options.timeoutMs, registry });
    } else {
      if (challenge.service) realm.searchParams.set('service', challenge.service);
      realm.searchParams.set('scope', scope);
      const basic = sendCredentials ? basicAuthorization(credentials) : undefined;
      if (basic) headers.authorization = basic;
      res = await this.options.transport.send(realm, { method: 'GET', headers, signal, timeoutMs: this.options.timeoutMs, registry });
    }
    if (res.status === 401 || res.status === 403) {
      await res.discard();
      if (sendCredentials) throw new CredentialsRejectedError(`the token service of ${registry} rejected the credentials`, { registry, status: res.status });
      throw new CredentialsRequiredError(`the token service of ${registry} requires credentials`, { registry, status: res.status, scope });
    }
    if (res.status === 429) {
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'), Date.now());
      await res.discard();
      throw new RateLimitedError(`the token service of ${registry} is rate limiting${retryAfter !== undefined ? `; retry after ${retryAfter} s` : ''}`, {
        registry,
        status: 429,
        retryAfterSeconds: retryAfter,
      });
    }
    if (res.status < 200 || res.status >= 300) {
      await res.discard();
      throw new RegistryServerError(`the token service of ${registry} answered HTTP ${res.status}`, { registry, status: res.status });
    }
    const body = await res.bytes(MAX_TOKEN_RESPONSE, 'token response');
    let json: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(Buffer.from(body).toString('utf8'));
    } catch {
      throw new RegistryProtocolError(`the token service of ${registry} answered something other than JSON`, { registry });
    }
    const token = typeof json.token === 'string' && json.token ? json.token : typeof json.access_token === 'string' ? json.access_token : '';
    if (!token) throw new RegistryProtocolError(`the token service of ${registry} returned no token`, { registry });
    const expiresIn = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : DEFAULT_TOKEN_SECONDS;
    return { token, expiresInSeconds: expiresIn };
  }

  private lookupCredentials(registry: string, signal: AbortSignal | undefined): Promise<CredentialLookup> {
    const cached = this.credentialCache.get(registry);
    if (cached && this.options.now() - cached.at < this.options.credentialCacheMs) return Promise.resolve(cached.lookup);
    return this.flights.run(`credentials|${registry}`, signal, async (shared) => {
      let lookup: CredentialLookup;
      try {
        const found = await this.options.credentials.get(registry, shared);
        lookup = hasCredentials(found) ? { credentials: found } : {};
      } catch (error) {
        if (shared.aborted) throw new RegistryAbortedError({ registry });
        lookup = { problem: error instanceof CredentialSourceError ? error.message : 'the credential provider failed' };
      }
      this.credentialCache.set(registry, { lookup, at: this.options.now() });
      return lookup;
    });
  }

  private unauthorized(target: RegistryTarget, bearer: AuthChallenge | undefined, lookup: CredentialLookup, subject: string): RegistryError {
    const { registry } = target;
    const scope = bearer?.params.scope;
    const insufficient = bearer?.params.error === 'insufficient_scope';
    if (!hasCredentials(lookup.credentials)) {
      const note = lookup.problem ? ` (${lookup.problem})` : '';
      return new CredentialsRequiredError(`${registry} requires credentials to pull ${subject}${note}`, { registry, status: 401, scope });
    }
    if (insufficient) {
      return new AccessDeniedError(`the credentials for ${registry} do not grant pull access to ${subject}`, { registry, status: 401, scope });
    }
    return new CredentialsRejectedError(`${registry} rejected the credentials for ${subject}`, { registry, status: 401 });
  }

  private async failure(target: RegistryTarget, req: SessionRequest, res: HttpResponse, credentials: Credentials | undefined): Promise<RegistryError> {
    const { registry } = target;
    const status = res.status;
    const errors = req.method === 'HEAD' ? [] : await readRegistryErrors(res);
    if (req.method === 'HEAD') await res.discard();
    const first = errors[0];
    const detail = first ? `: ${first.code}${first.message ? ` ${truncate(first.message, 200)}` : ''}` : '';
    if (status === 404) {
      const code = first?.code;
      const kind: NotFoundKind = code === 'NAME_UNKNOWN' ? 'repository' : code === 'BLOB_UNKNOWN' ? 'blob' : req.kind;
      const what = kind === 'repository' ? `repository ${target.repository}` : kind === 'blob' ? `blob ${req.subject}` : `manifest ${req.subject}`;
      return new NotFoundError(kind, `${what} not found on ${registry}${detail}`, { registry, status, registryCode: code });
    }
    if (status === 403) {
      const hint = hasCredentials(credentials) ? '' : '; signing in may help';
      return new AccessDeniedError(`${registry} denied access to ${req.subject}${detail}${hint}`, { registry, status });
    }
    if (status === 406 || status === 415) {
      return new UnsupportedManifestError(`${registry} cannot serve ${req.subject} in a supported format${detail}`, { registry, status });
    }
    if (status >= 500) return new RegistryServerError(`${registry} failed with HTTP ${status}${detail}`, { registry, status });
    return new RegistryProtocolError(`${registry} answered HTTP ${status} for ${req.subject}${detail}`, { registry, status });
  }

  private captureRateLimit(registry: string, res: HttpResponse): void {
    const info = parseRateLimitHeaders(res.headers);
    if (info) this.rateLimits.set(registry, info);
  }
}

function tokenKey(registry: string, scope: string, credentials: Credentials | undefined): string {
  // Tokens differ per identity; the key holds a hash, never the secret itself.
  const identity = hasCredentials(credentials) ? createHash('sha256').update(JSON.stringify(credentials)).digest('hex').slice(0, 16) : 'anonymous';
  return `${registry}|${scope}|${identity}`;
}

function basicAuthorization(credentials: Credentials | undefined): string | undefined {
  if (!credentials?.username || !credentials.password) return undefined;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

async function readRegistryErrors(res: HttpResponse): Promise<{ code: string; message?: string }[]> {
  try {
    const body = await res.bytes(MAX_ERROR_BODY, 'error body');
    const json = JSON.parse(Buffer.from(body).toString('utf8')) as { errors?: unknown };
    if (!Array.isArray(json.errors)) return [];
    return json.errors
      .filter((e): e is { code: string; message?: unknown } => typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string')
      .map((e) => ({ code: e.code, message: typeof e.message === 'string' ? e.message : undefined }));
  } catch {
    await res.discard();
    return [];
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RegistryAbortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RegistryAbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
