/**
 * One HTTP exchange with a registry (or its token server, or the blob storage it redirects to), over Node's
 * fetch: redirects followed by hand so Authorization is dropped when the origin changes and https is never
 * downgraded; a timeout for the headers and for every body read (an idle timeout, so large blobs may take as
 * long as they need while data flows); the caller's AbortSignal; fetch failures mapped to typed errors. Error
 * messages name origins only — never paths with query strings (presigned storage URLs carry signatures).
 */
import { RegistryAbortedError, RegistryNetworkError, RegistryProtocolError, RegistryTimeoutError, TooLargeError } from './errors';
import { isCertificateError } from './tls';

export type FetchLike = (input: URL, init: RequestInit) => Promise<Response>;

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  timeoutMs: number;
  /** Registry the exchange is for, named in errors. */
  registry: string;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export class HttpTransport {
  /** Every request sent, redirect hops and token requests included. */
  requests = 0;

  constructor(private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init)) {}

  async send(url: URL, request: HttpRequest): Promise<HttpResponse> {
    if (request.signal?.aborted) throw new RegistryAbortedError({ registry: request.registry });
    const exchange = new Exchange(request);
    let current = url;
    let method = request.method;
    let body = request.body;
    let headers = { ...request.headers };
    try {
      for (let hop = 0; ; hop++) {
        this.requests++;
        exchange.armTimer();
        let response: Response;
        try {
          response = await this.fetchImpl(current, { method, headers, body, redirect: 'manual', signal: exchange.controller.signal });
        } catch (error) {
          throw exchange.mapError(error, current);
        } finally {
          exchange.disarmTimer();
        }
        const location = response.headers.get('location');
        if (!REDIRECT_STATUSES.has(response.status) || !location) return new HttpResponse(response, exchange, current);
        await response.body?.cancel().catch(() => undefined);
        if (hop >= MAX_REDIRECTS) throw new RegistryProtocolError(`more than ${MAX_REDIRECTS} redirects from ${url.origin}`, { registry: request.registry });
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          throw new RegistryProtocolError(`${current.origin} redirected to an invalid location`, { registry: request.registry });
        }
        if (next.protocol !== 'https:' && next.protocol !== 'http:') {
          throw new RegistryProtocolError(`${current.origin} redirected to an unsupported ${next.protocol} URL`, { registry: request.registry });
        }
        if (current.protocol === 'https:' && next.protocol === 'http:') {
          throw new RegistryProtocolError(`refused a redirect from ${current.origin} to insecure ${next.origin}`, { registry: request.registry });
        }
        // Credentials for the registry must never reach blob storage or any other origin it sends us to.
        if (next.origin !== current.origin) headers = withoutAuthorization(headers);
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        current = next;
      }
    } catch (error) {
      exchange.dispose();
      throw error;
    }
  }
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'authorization') out[k] = v;
  return out;
}

/** Timer, abort wiring and error mapping shared by the header phase and body reads of one request. */
class Exchange {
  readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timedOut = false;
  private readonly onCallerAbort = () => this.controller.abort();

  constructor(readonly request: HttpRequest) {
    request.signal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  armTimer(): void {
    this.disarmTimer();
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.request.timeoutMs);
  }

  disarmTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disarmTimer();
    this.request.signal?.removeEventListener('abort', this.onCallerAbort);
  }

  mapError(error: unknown, url: URL): Error {
    const registry = this.request.registry;
    if (this.request.signal?.aborted) return new RegistryAbortedError({ registry });
    if (this.timedOut) {
      return new RegistryTimeoutError(`${url.origin} did not answer within ${this.request.timeoutMs} ms`, { registry, timeoutMs: this.request.timeoutMs });
    }
    if (error instanceof RegistryProtocolError || error instanceof TooLargeError) return error;
    const systemCode = systemCodeOf(error);
    if (isCertificateError(systemCode)) {
      return new RegistryNetworkError(
        `refused the TLS certificate of ${url.origin} (${systemCode}): trust its CA with NODE_EXTRA_CA_CERTS, or, for a registry you control, ` +
          `list ${url.host} in drydock.images.insecureRegistries (drydock scan --insecure-registry ${url.host}) to turn verification off for it`,
        { registry, systemCode, cause: error },
      );
    }
    return new RegistryNetworkError(`cannot reach ${url.origin}${systemCode ? ` (${systemCode})` : ''}`, { registry, systemCode, cause: error });
  }
}

function systemCodeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export class HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  private consumed = false;

  constructor(
    private readonly response: Response,
    private readonly exchange: Exchange,
    /** Final URL after redirects (do not put it in messages: see the module comment). */
    readonly url: URL,
  ) {
    this.status = response.status;
    this.headers = response.headers;
  }

  /** Declared body length, when the server sent a valid one. */
  contentLength(): number | undefined {
    const text = this.headers.get('content-length');
    if (!text || !/^\d+$/.test(text)) return undefined;
    return Number(text);
  }

  /** The whole body, refusing more than `maxBytes` (checked before and while reading). */
  async bytes(maxBytes: number, what: string): Promise<Uint8Array> {
    const declared = this.contentLength();
    if (declared !== undefined && declared > maxBytes) {
      await this.discard();
      throw this.tooLarge(what, maxBytes);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of this.chunks()) {
      total += chunk.byteLength;
      if (total > maxBytes) throw this.tooLarge(what, maxBytes);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, total);
  }

  tooLarge(what: string, maxBytes: number): TooLargeError {
    return new TooLargeError(`${what} from ${this.exchange.request.registry} is larger than the ${maxBytes}-byte limit`, {
      registry: this.exchange.request.registry,
      limitBytes: maxBytes,
    });
  }

  /** The body chunk by chunk; each read must make progress within the request timeout. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    if (this.consumed) throw new Error('response body already consumed');
    this.consumed = true;
    const body = this.response.body;
    if (!body) {
      this.exchange.dispose();
      return;
    }
    const reader = body.getReader();
    let finished = false;
    try {
      for (;;) {
        this.exchange.armTimer();
        let result: Awaited<ReturnType<typeof reader.read>>;
        try {
          result = await reader.read();
        } catch (error) {
          throw this.exchange.mapError(error, this.url);
        } finally {
          this.exchange.disarmTimer();
        }
        if (result.done) {
          finished = true;
          return;
        }
        yield result.value;
      }
    } finally {
      if (!finished) await reader.cancel().catch(() => undefined);
      this.exchange.dispose();
    }
  }

  async discard(): Promise<void> {
    if (!this.consumed) {
      this.consumed = true;
      await this.response.body?.cancel().catch(() => undefined);
    }
    this.exchange.dispose();
  }
}
