/**
 * The per-registry opt-out of TLS verification (`drydock.images.insecureRegistries`, `drydock scan
 * --insecure-registry`), with the semantics of Docker's `insecure-registries` and skopeo's
 * `--tls-verify=false`: for a listed registry the client speaks HTTPS *without* checking the certificate,
 * and falls back to plain HTTP when the registry does not speak TLS at all. Only requests whose URL host is a
 * listed registry are affected: redirects to blob storage and token realms on other hosts still verify.
 * Everything else keeps Node's default verification (`NODE_EXTRA_CA_CERTS` adds a private CA).
 */
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { FetchLike } from './http';

/**
 * `host`, `host:port`, also written as a URL (`https://host:port/`) — lower-cased, scheme and path dropped.
 * Returns undefined for entries that name no host.
 */
export function normaliseRegistryHost(entry: string): string | undefined {
  let host = entry.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]{0,20}:\/\//, '');
  const slash = host.indexOf('/');
  if (slash >= 0) host = host.slice(0, slash);
  if (!host || /\s/.test(host)) return undefined;
  return host;
}

/**
 * Whether `host` (a registry as written in a reference, or a URL's `host`) is listed: an entry with a port
 * matches that port only, an entry without one matches the host on any port (as Docker's does).
 */
export function insecureRegistryMatcher(entries: readonly string[]): (host: string) => boolean {
  const exact = new Set<string>();
  for (const entry of entries) {
    const host = normaliseRegistryHost(entry);
    if (host) exact.add(host);
  }
  if (exact.size === 0) return () => false;
  return (host) => {
    const h = host.toLowerCase();
    return exact.has(h) || exact.has(hostWithoutPort(h));
  };
}

function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end > 0 ? host.slice(0, end + 1) : host;
  }
  const colon = host.lastIndexOf(':');
  return colon > 0 ? host.slice(0, colon) : host;
}

/** The certificate problems Node reports by code; a registry refused for one of these gets the opt-out hint. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

export function isCertificateError(systemCode: string | undefined): boolean {
  return systemCode !== undefined && CERTIFICATE_CODES.has(systemCode);
}

/**
 * A fetch for HTTPS requests to a listed registry: node:https with `rejectUnauthorized: false`, no
 * connection reuse (a listed registry's sockets are never shared with verified requests), the caller's
 * AbortSignal, redirects returned as they are (the transport follows them by hand), the body streamed.
 */
export const unverifiedTlsFetch: FetchLike = (url, init) =>
  new Promise<Response>((resolve, reject) => {
    const method = init.method ?? 'GET';
    const req = httpsRequest(
      url,
      { method, headers: init.headers as Record<string, string>, rejectUnauthorized: false, agent: false, signal: init.signal ?? undefined },
      (res) => {
        const status = res.statusCode ?? 0;
        try {
          const headers = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
          const noBody = method === 'HEAD' || status === 204 || status === 205 || status === 304;
          if (noBody) res.resume();
          const body = noBody ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
          resolve(new Response(body, { status, headers }));
        } catch (error) {
          res.destroy();
          reject(error);
        }
      },
    );
    req.once('error', reject);
    req.end(typeof init.body === 'string' ? init.body : undefined);
  });
