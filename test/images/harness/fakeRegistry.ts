/**
 * An in-process HTTP server speaking the registry wire format, for faults the real registry cannot produce:
 * 429 with `retry-after`, rate-limit headers, redirects to another origin, corrupted or slow bodies. It serves
 * an OCI layout (any repository name; tags are the layout's ref names) and lets a test put routes in front.
 * Closed by `stop()`; it runs inside the test process, so there is no PID to kill.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { blobPath } from './ociLayout';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

/** Returns true when it answered the request; false passes it on to the next route / the layout. */
export type FakeRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface FakeServer {
  url: string;
  /** `127.0.0.1:PORT` */
  host: string;
  requests: RecordedRequest[];
  /** Adds a route in front of the others (the newest first). */
  use(route: FakeRoute): void;
  /** Removes all added routes. */
  reset(): void;
  stop(): Promise<void>;
}

export interface FakeRegistryOptions {
  /** OCI layout served at `/v2/<any repository>/…`. */
  layoutDir?: string;
  /** Require HTTP Basic with these credentials (`WWW-Authenticate: Basic realm="fake"`). */
  basicAuth?: { username: string; password: string };
  /** Headers added to every manifest response (e.g. `ratelimit-limit`). */
  manifestHeaders?: Record<string, string>;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
}

const MANIFEST_PATH = /^\/v2\/(.+)\/manifests\/([^/]+)$/;
const BLOB_PATH = /^\/v2\/(.+)\/blobs\/([^/]+)$/;

export async function startFakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeServer> {
  const refs = options.layoutDir ? await layoutRefs(options.layoutDir) : new Map<string, string>();
  const serveLayout: FakeRoute = async (req, res, url) => {
    if (url.pathname === '/v2/' || url.pathname === '/v2') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return true;
    }
    const manifest = MANIFEST_PATH.exec(url.pathname);
    if (manifest && options.layoutDir) {
      const reference = decodeURIComponent(manifest[2]);
      const digest = reference.includes(':') ? reference : refs.get(reference);
      const bytes = digest ? await readFile(blobPath(options.layoutDir, digest)).catch(() => undefined) : undefined;
      if (!digest || !bytes) return registryError(res, req, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
      const mediaType = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? 'application/vnd.oci.image.manifest.v1+json';
      sendBody(res, req, 200, bytes, { 'content-type': mediaType, 'docker-content-digest': digest, ...options.manifestHeaders });
      return true;
    }
    const blob = BLOB_PATH.exec(url.pathname);
    if (blob && options.layoutDir) {
      const bytes = await readFile(blobPath(options.layoutDir, blob[2])).catch(() => undefined);
      if (!bytes) return registryError(res, req, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
      sendBody(res, req, 200, bytes, { 'content-type': 'application/octet-stream', 'docker-content-digest': blob[2] });
      return true;
    }
    return registryError(res, req, 404, 'NAME_UNKNOWN', 'repository name not known to registry');
  };
  const server = await startFakeServer(serveLayout, options.basicAuth, options.tls);
  return server;
}

/** A bare server (e.g. the "blob storage" a registry redirects to): only the routes a test adds, else 404. */
export function startFakeServer(
  fallback?: FakeRoute,
  basicAuth?: { username: string; password: string },
  tls?: { key: string; cert: string },
): Promise<FakeServer> {
  const routes: FakeRoute[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers });
    void (async () => {
      try {
        if (basicAuth && url.pathname.startsWith('/v2') && !authorized(req, basicAuth)) {
          res.writeHead(401, { 'www-authenticate': 'Basic realm="fake"', 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
          return;
        }
        for (const route of routes) if (await route(req, res, url)) return;
        if (fallback && (await fallback(req, res, url))) return;
        res.writeHead(404).end();
      } catch {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    })();
  };
  const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler) : createServer(handler);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
        host: `127.0.0.1:${port}`,
        requests,
        use: (route) => routes.unshift(route),
        reset: () => routes.splice(0, routes.length),
        stop: () =>
          new Promise<void>((done) => {
            // Stalled responses (slow-body tests) would keep close() waiting forever.
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export function sendBody(res: ServerResponse, req: IncomingMessage, status: number, body: Uint8Array, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'content-length': String(body.byteLength) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function registryError(res: ServerResponse, req: IncomingMessage, status: number, code: string, message: string): true {
  sendBody(res, req, status, Buffer.from(JSON.stringify({ errors: [{ code, message }] })), { 'content-type': 'application/json' });
  return true;
}

function authorized(req: IncomingMessage, basic: { username: string; password: string }): boolean {
  return req.headers.authorization === `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`;
}

async function layoutRefs(layoutDir: string): Promise<Map<string, string>> {
  const index = JSON.parse(await readFile(path.join(layoutDir, 'index.json'), 'utf8')) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  const refs = new Map<string, string>();
  for (const m of index.manifests) {
    const name = m.annotations?.['org.opencontainers.image.ref.name'];
    if (name) refs.set(name, m.digest);
  }
  return refs;
}

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
