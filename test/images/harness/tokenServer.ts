/**
 * A bearer-token server in the shape of Docker Hub's auth.docker.io, for Debian's `docker-registry` in
 * `auth.token` mode. Tokens are ES256 JWTs whose header carries the signing certificate as an `x5c` chain; the
 * registry trusts it through `rootcertbundle` (distribution 2.8 verifies x5c chains against that bundle).
 *
 * Runs in the test process (closed by `stop()`); the registry never calls it, only clients do.
 */
import { createPrivateKey, randomUUID, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenUser {
  password: string;
  /** Actions granted on a repository; default pull and push everywhere. */
  access?: (repository: string) => string[];
  /** An OAuth2 refresh token (Docker's `identitytoken`) accepted for this user. */
  refreshToken?: string;
}

export interface TokenServerOptions {
  service: string;
  issuer: string;
  /** PEM of the EC P-256 key and its certificate. */
  keyPem: string;
  certPem: string;
  users: Record<string, TokenUser>;
  /** Actions an anonymous client gets on a repository. */
  anonymousAccess: (repository: string) => string[];
  expiresInSeconds: number;
}

export interface TokenServer {
  url: string;
  /** Token requests answered so far (any outcome). */
  requests: number;
  /** Scopes asked for, in order (`repository:demo/x:pull`). */
  scopesRequested: string[];
  setExpiresIn(seconds: number): void;
  stop(): Promise<void>;
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const key = createPrivateKey(options.keyPem);
  const x5c = [pemBody(options.certPem)];
  let expiresIn = options.expiresInSeconds;
  const state: TokenServer = {
    url: '',
    requests: 0,
    scopesRequested: [],
    setExpiresIn: (seconds) => {
      expiresIn = seconds;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    state.requests++;
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://token');
    if (url.pathname !== '/token') return reply(res, 404, { details: 'not found' });
    let params = url.searchParams;
    let user: string | undefined;
    if (req.method === 'POST') {
      params = new URLSearchParams(await readBody(req));
      const grant = params.get('grant_type');
      if (grant === 'refresh_token') {
        user = Object.entries(options.users).find(([, u]) => u.refreshToken && safeEqual(u.refreshToken, params.get('refresh_token') ?? ''))?.[0];
      } else if (grant === 'password') {
        user = checkPassword(options.users, params.get('username') ?? '', params.get('password') ?? '');
      }
      if (!user) return reply(res, 401, { details: 'invalid grant' });
    } else {
      const basic = parseBasic(req.headers.authorization);
      if (basic) {
        user = checkPassword(options.users, basic.username, basic.password);
        if (!user) return reply(res, 401, { details: 'invalid credentials' });
      }
    }
    if (params.get('service') !== options.service) return reply(res, 400, { details: 'unknown service' });
    const scopes = params.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
    state.scopesRequested.push(...scopes);
    const access = scopes.flatMap((scope) => grantedAccess(scope, user ? options.users[user] : undefined, options.anonymousAccess));
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: options.issuer,
      sub: user ?? '',
      aud: options.service,
      exp: now + expiresIn,
      nbf: now - 1,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const token = signJwt({ typ: 'JWT', alg: 'ES256', x5c }, claims, key);
    const body: Record<string, unknown> = { token, access_token: token, expires_in: expiresIn, issued_at: new Date(now * 1000).toISOString() };
    reply(res, 200, body);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  return state;
}

function grantedAccess(scope: string, user: TokenUser | undefined, anonymous: (repository: string) => string[]) {
  const parts = scope.split(':');
  if (parts.length < 3 || parts[0] !== 'repository') return [];
  const actions = parts[parts.length - 1].split(',');
  const name = parts.slice(1, -1).join(':');
  const allowed = user ? (user.access ?? (() => ['pull', 'push']))(name) : anonymous(name);
  const granted = actions.filter((a) => allowed.includes(a));
  return granted.length ? [{ type: 'repository', name, actions: granted }] : [];
}

function checkPassword(users: Record<string, TokenUser>, username: string, password: string): string | undefined {
  const user = users[username];
  return user && safeEqual(user.password, password) ? username : undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function signJwt(header: object, claims: object, key: KeyObject): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  // JWS ES256 wants the raw r||s signature, not DER.
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${base64url(signature)}`;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > 64 * 1024) throw new Error('token request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
