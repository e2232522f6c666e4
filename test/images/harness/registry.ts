/**
 * Starts Debian's `docker-registry` (distribution 2.8) on a random 127.0.0.1 port with its own config and
 * storage, in one of three auth modes, and pushes OCI layouts to it with `skopeo copy`.
 *
 * - `none`: anonymous read and write.
 * - `htpasswd`: HTTP Basic against a bcrypt file made by `htpasswd -Bbn` (no TLS: the registry allows that).
 * - `token`: the Docker Hub bearer flow, with a Node token server from ./tokenServer (ES256 JWT, x5c chain,
 *   `rootcertbundle`), anonymous pull allowed except under `private/`.
 *
 * Every process started here is stopped by its PID in `stop()` (and killed on process exit as a backstop).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startTokenServer, type TokenServer, type TokenUser } from './tokenServer';
import { requireBinaries } from './binaries';

export type RegistryAuthMode = 'none' | 'htpasswd' | 'token';

export interface StartRegistryOptions {
  auth: RegistryAuthMode;
  /** Token mode: lifetime of issued tokens (default 300 s). */
  tokenExpiresInSeconds?: number;
  /** Token mode: what anonymous clients may do on a repository (default: pull, except under `private/`). */
  anonymousAccess?: (repository: string) => string[];
}

export interface PushOptions {
  /** Copy every manifest of an index (`skopeo copy --all`); without it skopeo picks the host platform. */
  all?: boolean;
  /** Ref name inside the layout; default the tag of `ref`. */
  sourceRef?: string;
  /** `v2s2` converts to Docker schema 2 media types on the way (the pushed digest then differs from the layout's). */
  format?: 'oci' | 'v2s2';
}

export interface RegistryUser {
  username: string;
  password: string;
}

export interface StartedRegistry {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT`, the registry part of image references. */
  host: string;
  auth: RegistryAuthMode;
  /** Pull and push everywhere (htpasswd and token modes). */
  admin: RegistryUser;
  /** Token mode: pull only, and nothing under `private/`. htpasswd mode: same rights as admin. */
  reader: RegistryUser;
  /** Token mode: an OAuth2 refresh token (Docker `identitytoken`) for the admin user. */
  adminRefreshToken: string;
  /** Token mode only. */
  tokenServer?: TokenServer;
  /** Root of the registry's filesystem storage. */
  storageDir: string;
  /** Where the registry keeps a blob's bytes (to corrupt it in tests). */
  blobDataPath(digest: string): string;
  /** Pushes `oci:layoutDir:sourceRef` to `HOST/ref` (`repo:tag`); returns the pushed manifest digest. */
  push(layoutDir: string, ref: string, options?: PushOptions): Promise<string>;
  stop(): Promise<void>;
}

const SERVICE = 'drydock-test-registry';
const ISSUER = 'drydock-test-token-issuer';
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) if (child.pid) process.kill(child.pid, 'SIGKILL');
});

export async function startRegistry(options: StartRegistryOptions): Promise<StartedRegistry> {
  requireBinaries(['docker-registry', 'skopeo', ...(options.auth === 'htpasswd' ? ['htpasswd'] : []), ...(options.auth === 'token' ? ['openssl'] : [])]);
  const work = await mkdtemp(path.join(os.tmpdir(), 'drydock-registry-'));
  const storageDir = path.join(work, 'storage');
  await mkdir(storageDir);
  const admin = { username: 'admin', password: 'admin-secret-1' };
  const reader = { username: 'reader', password: 'reader-secret-2' };
  const adminRefreshToken = 'admin-refresh-token-3';
  let tokenServer: TokenServer | undefined;
  let authYaml = '';
  try {
    if (options.auth === 'htpasswd') {
      const lines = [];
      for (const u of [admin, reader]) lines.push((await run('htpasswd', ['-Bbn', u.username, u.password])).trim());
      const file = path.join(work, 'htpasswd');
      await writeFile(file, lines.join('\n') + '\n');
      authYaml = `auth:\n  htpasswd:\n    realm: drydock-test\n    path: ${file}\n`;
    } else if (options.auth === 'token') {
      const keyFile = path.join(work, 'token.key');
      const certFile = path.join(work, 'token.crt');
      await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile]);
      await run('openssl', ['req', '-new', '-x509', '-key', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=drydock-test-token-signer']);
      const users: Record<string, TokenUser> = {
        [admin.username]: { password: admin.password, refreshToken: adminRefreshToken },
        [reader.username]: { password: reader.password, access: (repo) => (repo.startsWith('private/') ? [] : ['pull']) },
      };
      tokenServer = await startTokenServer({
        service: SERVICE,
        issuer: ISSUER,
        keyPem: await readFile(keyFile, 'utf8'),
        certPem: await readFile(certFile, 'utf8'),
        users,
        anonymousAccess: options.anonymousAccess ?? ((repo) => (repo.startsWith('private/') ? [] : ['pull'])),
        expiresInSeconds: options.tokenExpiresInSeconds ?? 300,
      });
      authYaml = `auth:\n  token:\n    realm: ${tokenServer.url}\n    service: ${SERVICE}\n    issuer: ${ISSUER}\n    rootcertbundle: ${certFile}\n`;
    }
    const { child, port } = await spawnRegistry(work, storageDir, authYaml);
    const host = `127.0.0.1:${port}`;
    const policy = path.join(work, 'policy.json');
    await writeFile(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
    const emptyAuth = path.join(work, 'empty-auth.json');
    await writeFile(emptyAuth, '{"auths":{}}');
    const started: StartedRegistry = {
      url: `http://${host}`,
      host,
      auth: options.auth,
      admin,
      reader,
      adminRefreshToken,
      tokenServer,
      storageDir,
      blobDataPath: (digest) => {
        const [algorithm, hex] = digest.split(':');
        return path.join(storageDir, 'docker', 'registry', 'v2', 'blobs', algorithm, hex.slice(0, 2), hex, 'data');
      },
      async push(layoutDir, ref, pushOptions = {}) {
        const tag = ref.includes(':') ? ref.slice(ref.lastIndexOf(':') + 1) : 'latest';
        const digestFile = path.join(work, `digest-${Date.now()}-${Math.random().toString(36).slice(2)}`);
        const args = ['--policy', policy, 'copy', '--quiet', '--dest-tls-verify=false', '--digestfile', digestFile];
        if (pushOptions.all) args.push('--all');
        if (pushOptions.format) args.push('--format', pushOptions.format);
        if (options.auth !== 'none') args.push('--dest-creds', `${admin.username}:${admin.password}`);
        args.push(`oci:${layoutDir}:${pushOptions.sourceRef ?? tag}`, `docker://${host}/${ref}`);
        // The test may point DOCKER_CONFIG at fixtures; skopeo must not read those for its own push.
        await run('skopeo', args, { ...process.env, REGISTRY_AUTH_FILE: emptyAuth, DOCKER_CONFIG: path.join(work, 'no-docker-config') });
        const digest = (await readFile(digestFile, 'utf8')).trim();
        await rm(digestFile, { force: true });
        return digest;
      },
      async stop() {
        await stopChild(child);
        await tokenServer?.stop();
        await rm(work, { recursive: true, force: true });
      },
    };
    return started;
  } catch (error) {
    await tokenServer?.stop();
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

async function spawnRegistry(work: string, storageDir: string, authYaml: string): Promise<{ child: ChildProcess; port: number }> {
  let lastError: unknown;
  // A free port can be taken between probing and binding: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const configFile = path.join(work, 'config.yml');
    await writeFile(
      configFile,
      'version: 0.1\n' +
        'log:\n  level: error\n  accesslog:\n    disabled: true\n' +
        `storage:\n  filesystem:\n    rootdirectory: ${storageDir}\n  delete:\n    enabled: true\n` +
        `http:\n  addr: 127.0.0.1:${port}\n  secret: drydock-test-secret\n` +
        authYaml,
    );
    const child = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    try {
      await waitReady(`http://127.0.0.1:${port}/v2/`, child);
      return { child, port };
    } catch (error) {
      await stopChild(child);
      lastError = new Error(`docker-registry did not start: ${(error as Error).message}\n${output}`);
    }
  }
  throw lastError;
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error('not ready after 15 s');
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) {
      live.delete(child);
      return resolve();
    }
    const pid = child.pid;
    const force = setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    child.once('exit', () => {
      clearTimeout(force);
      live.delete(child);
      resolve();
    });
    process.kill(pid, 'SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: 60_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      // The message names the command only: its arguments may hold test credentials.
      if (error) reject(new Error(`${command} failed (${error.code ?? error.signal}): ${stderr.trim()}`));
      else resolve(stdout);
    });
  });
}
