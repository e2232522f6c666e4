/**
 * The registry client against Debian's docker-registry on loopback (no auth, htpasswd, bearer tokens), with
 * images built here as OCI layouts and pushed with skopeo; faults the real registry cannot produce come from an
 * in-process fake speaking the same protocol.
 */
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  AccessDeniedError,
  CredentialsRejectedError,
  CredentialsRequiredError,
  DigestMismatchError,
  DockerConfigCredentialProvider,
  NotFoundError,
  PlatformNotFoundError,
  RateLimitedError,
  RegistryCache,
  RegistryClient,
  RegistryNetworkError,
  RegistryProtocolError,
  RegistryTimeoutError,
  TooLargeError,
  credentialSources,
  noCredentials,
  parseDockerConfig,
  parseRateLimitHeaders,
  parseRetryAfter,
  parseWwwAuthenticate,
  selectPlatformEntry,
  staticCredentials,
  type RegistryClientOptions,
} from '../../server/src/images/registry';
import type { FetchLike } from '../../server/src/images/registry/http';
import { buildOciLayout, blobPath, MEDIA, SPDX_PREDICATE, type BuiltImage, type BuiltIndex, type LayoutSpec } from './harness/ociLayout';
import { startRegistry, type StartedRegistry } from './harness/registry';
import { registryError, sendBody, sha256, startFakeRegistry, startFakeServer, type FakeServer } from './harness/fakeRegistry';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

function debianLayer(marker: string) {
  return {
    files: [
      { path: 'etc/', type: 'directory' as const },
      { path: 'etc/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\n' },
      { path: 'etc/debian_version', content: '11.6\n' },
      { path: 'var/lib/dpkg/status', content: `Package: libc6\nStatus: install ok installed\nVersion: 2.31-13+deb11u3\nSource: glibc\n\n` },
      { path: 'marker', content: marker },
    ],
  };
}

const SPEC: LayoutSpec = {
  refs: {
    single: {
      layers: [debianLayer('single'), { files: [{ path: 'app/server.js', content: 'console.log(1)\n' }] }],
      config: {
        User: '1000:1000',
        ExposedPorts: ['8080/tcp'],
        Env: ['PATH=/usr/bin', 'NODE_ENV=production'],
        Cmd: ['node', 'app/server.js'],
        Labels: { 'org.opencontainers.image.title': 'fixture' },
      },
      history: [
        { created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
        { created_by: '/bin/sh -c #(nop)  ENV NODE_ENV=production', empty_layer: true },
        { created_by: 'COPY app /app # buildkit' },
      ],
      annotations: { 'org.opencontainers.image.base.name': 'debian:11' },
    },
    multi: {
      manifests: [
        {
          platform: AMD64,
          layers: [debianLayer('amd64')],
          attestation: { packages: [{ name: 'libc6', version: '2.31-13+deb11u3', purl: 'pkg:deb/debian/libc6@2.31-13%2Bdeb11u3?arch=amd64&distro=debian-11' }] },
        },
        { platform: ARM64, layers: [debianLayer('arm64')] },
      ],
    },
    // skopeo cannot convert an index holding an in-toto layer to Docker schema 2: a plain one for that.
    plainIndex: { manifests: [{ platform: AMD64, layers: [debianLayer('amd64')] }, { platform: ARM64, layers: [debianLayer('arm64')] }] },
    other: { layers: [debianLayer('other')] },
    corrupt: { layers: [debianLayer('to be corrupted')] },
  },
};

let work: string;
let layoutDir: string;
let single: BuiltImage;
let multi: BuiltIndex;
let other: BuiltImage;
let corrupt: BuiltImage;

before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'drydock-registry-test-'));
  layoutDir = path.join(work, 'layout');
  const built = await buildOciLayout(layoutDir, SPEC);
  single = built.refs.single as BuiltImage;
  multi = built.refs.multi as BuiltIndex;
  other = built.refs.other as BuiltImage;
  corrupt = built.refs.corrupt as BuiltImage;
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

function client(options: RegistryClientOptions = {}): RegistryClient {
  return new RegistryClient({ credentials: noCredentials, ...options });
}

async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function diagnostic(t: TestContext, what: string, c: RegistryClient): void {
  t.diagnostic(`${what}: ${c.requests} requests`);
}

describe('OCI layout builder', () => {
  it('gives the same digests for the same spec', async () => {
    const again = await buildOciLayout(path.join(work, 'again'), SPEC);
    assert.equal(again.refs.single.digest, single.digest);
    assert.equal(again.refs.multi.digest, multi.digest);
    const index = JSON.parse(await readFile(blobPath(layoutDir, multi.digest), 'utf8'));
    assert.equal(index.manifests.length, 3);
    assert.deepEqual(index.manifests[2].platform, { architecture: 'unknown', os: 'unknown' });
    assert.equal(index.manifests[2].annotations['vnd.docker.reference.type'], 'attestation-manifest');
    assert.equal(index.manifests[2].annotations['vnd.docker.reference.digest'], multi.manifests[0].digest);
    const layer = await readFile(blobPath(layoutDir, single.layers[0].digest));
    assert.equal(sha256(layer), single.layers[0].digest);
    assert.equal(sha256(gunzipSync(layer)), single.layers[0].diffId);
  });
});

describe('registry client, pure parts', () => {
  it('parses WWW-Authenticate challenges', () => {
    assert.deepEqual(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/node:pull' } },
    ]);
    assert.deepEqual(parseWwwAuthenticate('Basic realm="x, y", Bearer realm=https://t/token,error="insufficient_scope"'), [
      { scheme: 'basic', params: { realm: 'x, y' } },
      { scheme: 'bearer', params: { realm: 'https://t/token', error: 'insufficient_scope' } },
    ]);
    assert.deepEqual(parseWwwAuthenticate('Bearer realm="a\\"b"'), [{ scheme: 'bearer', params: { realm: 'a"b' } }]);
    assert.deepEqual(parseWwwAuthenticate(''), []);
    assert.deepEqual(parseWwwAuthenticate('=,,="'), []);
  });

  it('reads rate-limit and retry-after headers', () => {
    const headers = new Headers({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600', 'docker-ratelimit-source': '192.0.2.1' });
    assert.deepEqual(parseRateLimitHeaders(headers), { limit: 100, remaining: 76, windowSeconds: 21600, source: '192.0.2.1' });
    assert.equal(parseRateLimitHeaders(new Headers()), undefined);
    assert.equal(parseRetryAfter('120', 0), 120);
    assert.equal(parseRetryAfter(new Date(61_000).toUTCString(), 1_000), 60);
    assert.equal(parseRetryAfter('soon', 0), undefined);
  });

  it('finds credentials in Docker config: credHelpers, credsStore, auths by host, Docker Hub key', () => {
    const config = parseDockerConfig(
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubpass').toString('base64') },
          'https://registry.example.com/v2/': { identitytoken: 'refresh' },
        },
        credHelpers: { 'ghcr.io': 'gh' },
      }),
    );
    assert.deepEqual(credentialSources(config, 'docker.io'), [{ kind: 'inline', credentials: { username: 'hubuser', password: 'hubpass' } }]);
    assert.deepEqual(credentialSources(config, 'registry.example.com'), [{ kind: 'inline', credentials: { identityToken: 'refresh' } }]);
    assert.deepEqual(credentialSources(config, 'ghcr.io'), [{ kind: 'helper', helper: 'gh', serverUrl: 'ghcr.io' }]);
    assert.deepEqual(credentialSources({ ...config, credsStore: 'desktop' }, 'docker.io'), [
      { kind: 'helper', helper: 'desktop', serverUrl: 'https://index.docker.io/v1/' },
      { kind: 'inline', credentials: { username: 'hubuser', password: 'hubpass' } },
    ]);
    assert.deepEqual(credentialSources(config, 'quay.io'), []);
    assert.throws(() => parseDockerConfig('{'), /not valid JSON/);
  });

  it('selects platforms with aliases and default variants, never an attestation', () => {
    const entries = [
      { platform: { os: 'linux', architecture: 'amd64' }, digest: 'a' },
      { platform: { os: 'linux', architecture: 'arm', variant: 'v6' }, digest: 'b' },
      { platform: { os: 'linux', architecture: 'arm', variant: 'v7' }, digest: 'c' },
      { platform: { os: 'linux', architecture: 'arm64' }, digest: 'd' },
      { platform: { os: 'unknown', architecture: 'unknown' }, digest: 'e' },
    ];
    assert.equal(selectPlatformEntry(entries, { os: 'linux', architecture: 'x86_64' })?.digest, 'a');
    assert.equal(selectPlatformEntry(entries, { os: 'linux', architecture: 'arm64', variant: 'v8' })?.digest, 'd');
    assert.equal(selectPlatformEntry(entries, { os: 'linux', architecture: 'arm' })?.digest, 'c');
    assert.equal(selectPlatformEntry(entries, { os: 'linux', architecture: 'armel' })?.digest, 'b');
    assert.equal(selectPlatformEntry(entries, { os: 'unknown', architecture: 'unknown' }), undefined);
  });
});

describe('registry client, Docker Hub specifics and the cache (no server)', () => {
  it('talks to registry-1.docker.io with library/ and the Hub token realm', async () => {
    const seen: { url: string; method?: string; authorization?: string }[] = [];
    const fetchStub: FetchLike = async (input, init) => {
      const headers = init.headers as Record<string, string>;
      seen.push({ url: input.toString(), method: init.method, authorization: headers.authorization });
      if (input.hostname === 'auth.docker.io') return Response.json({ token: 'hub-token', expires_in: 300 });
      if (!headers.authorization) {
        return new Response(null, {
          status: 401,
          headers: { 'www-authenticate': 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"' },
        });
      }
      return new Response(null, { status: 404 });
    };
    const c = new RegistryClient({ fetch: fetchStub, credentials: staticCredentials({ 'docker.io': { username: 'hubuser', password: 'hubpass' } }) });
    await assert.rejects(c.resolve('node:20'), NotFoundError);
    assert.deepEqual(
      seen.map((s) => `${s.method} ${s.url} ${s.authorization?.split(' ')[0] ?? '-'}`),
      [
        'HEAD https://registry-1.docker.io/v2/library/node/manifests/20 -',
        'GET https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fnode%3Apull Basic',
        'HEAD https://registry-1.docker.io/v2/library/node/manifests/20 Bearer',
        'GET https://registry-1.docker.io/v2/library/node/manifests/20 Bearer',
      ],
    );
    assert.equal(seen[1].authorization, `Basic ${Buffer.from('hubuser:hubpass').toString('base64')}`);
  });

  it('evicts the least recently used disk entries and drops corrupt ones', async () => {
    const dir = path.join(work, 'cache-lru');
    const blob = (n: number) => Buffer.alloc(1000, n);
    const digestOf = (n: number) => sha256(blob(n));
    const cache = new RegistryCache({ dir, maxDiskBytes: 2500, maxMemoryBytes: 0 });
    await cache.putContent(digestOf(1), blob(1));
    await cache.putContent(digestOf(2), blob(2));
    assert.ok(await cache.getContent(digestOf(1)), 'touch 1: now 2 is the oldest');
    await cache.putContent(digestOf(3), blob(3));
    assert.equal(await cache.getContent(digestOf(2)), undefined);
    assert.ok(await cache.getContent(digestOf(1)));
    assert.ok(await cache.getContent(digestOf(3)));
    assert.equal(await cache.diskBytes(), 2000);
    await writeFile(path.join(dir, 'content', 'sha256', digestOf(3).slice(7)), 'tampered');
    const reloaded = new RegistryCache({ dir, maxDiskBytes: 2500 });
    assert.equal(await reloaded.getContent(digestOf(3)), undefined, 'content is re-hashed when read from disk');
    assert.ok(await reloaded.getContent(digestOf(1)));
  });
});

describe('registry client against docker-registry without auth', () => {
  let reg: StartedRegistry;
  let dockerListDigest: string;
  before(async () => {
    reg = await startRegistry({ auth: 'none' });
    await reg.push(layoutDir, 'demo/debian:11', { sourceRef: 'single' });
    await reg.push(layoutDir, 'demo/multi:1.0', { sourceRef: 'multi', all: true });
    await reg.push(layoutDir, 'demo/corrupt:1', { sourceRef: 'corrupt' });
    dockerListDigest = await reg.push(layoutDir, 'demo/multi-docker:1.0', { sourceRef: 'plainIndex', all: true, format: 'v2s2' });
  });
  after(async () => {
    await reg?.stop();
  });

  it('resolves a tag to its digest with HEAD, then the manifest and config', async (t) => {
    const c = client();
    const r = await c.resolve(`${reg.host}/demo/debian:11`);
    diagnostic(t, 'cold single-manifest resolve', c);
    assert.equal(c.requests, 3, 'HEAD tag, GET manifest, GET config');
    assert.equal(r.name, `${reg.host}/demo/debian`);
    assert.equal(r.tag, '11');
    assert.equal(r.digest, single.digest);
    assert.equal(r.manifestDigest, single.digest);
    assert.equal(r.configDigest, single.config.digest);
    assert.deepEqual(r.platform, AMD64);
    assert.deepEqual(r.platforms, [AMD64]);
    assert.deepEqual(
      r.layers,
      single.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: MEDIA.ociLayerGzip })),
    );
    assert.equal(r.config.user, '1000:1000');
    assert.deepEqual(r.config.exposedPorts, ['8080/tcp']);
    assert.deepEqual(r.config.env, ['PATH=/usr/bin', 'NODE_ENV=production']);
    assert.deepEqual(r.config.cmd, ['node', 'app/server.js']);
    assert.deepEqual(r.config.labels, { 'org.opencontainers.image.title': 'fixture' });
    assert.deepEqual(r.config.history[1], { createdBy: '/bin/sh -c #(nop)  ENV NODE_ENV=production', emptyLayer: true });
    assert.equal(r.attestationDigest, undefined);
  });

  it('resolves a digest reference without asking for the tag', async (t) => {
    const c = client();
    const r = await c.resolve(`${reg.host}/demo/debian@${single.digest}`);
    diagnostic(t, 'resolve by digest', c);
    assert.equal(c.requests, 2);
    assert.equal(r.tag, undefined);
    assert.equal(r.digest, single.digest);
    const pinned = await client().resolveDigest(`${reg.host}/demo/debian:11`);
    assert.equal(pinned.digest, single.digest);
  });

  it('picks the requested platform from a multi-arch index and reports its attestation', async (t) => {
    const c = client();
    const amd = await c.resolve(`${reg.host}/demo/multi:1.0`, { platform: AMD64 });
    diagnostic(t, 'cold multi-arch resolve', c);
    assert.equal(c.requests, 4, 'HEAD, GET index, GET manifest, GET config');
    assert.equal(amd.digest, multi.digest);
    assert.equal(amd.manifestDigest, multi.manifests[0].digest);
    assert.equal(amd.configDigest, multi.manifests[0].config.digest);
    assert.deepEqual(amd.platforms, [AMD64, ARM64], 'attestation manifest (unknown/unknown) is not a platform');
    assert.equal(amd.attestationDigest, multi.attestations[0].digest);

    const arm = await c.resolve(`${reg.host}/demo/multi:1.0`, { platform: { os: 'linux', architecture: 'aarch64' } });
    assert.equal(arm.manifestDigest, multi.manifests[1].digest);
    assert.deepEqual(arm.platform, ARM64);
    assert.equal(arm.attestationDigest, undefined);
    t.diagnostic(`second platform of a cached index: ${c.requests - 4} more requests`);
    assert.equal(c.requests, 6, 'index from cache; only the arm64 manifest and config');
  });

  it('names the platforms an index has when the requested one is missing', async () => {
    await assert.rejects(client().resolve(`${reg.host}/demo/multi:1.0`, { platform: { os: 'linux', architecture: 's390x' } }), (error: unknown) => {
      assert.ok(error instanceof PlatformNotFoundError);
      assert.match(error.message, /no manifest for linux\/s390x in 127\.0\.0\.1:\d+\/demo\/multi:1\.0 \(has linux\/amd64, linux\/arm64\/v8\)/);
      assert.deepEqual(error.available, [AMD64, ARM64]);
      return true;
    });
  });

  it('reads the attestation manifest and its in-toto SPDX statement', async () => {
    const c = client();
    const r = await c.resolve(`${reg.host}/demo/multi:1.0`, { platform: AMD64 });
    const attestation = await c.fetchManifest(r, r.attestationDigest!);
    assert.equal(attestation.manifest.kind, 'manifest');
    if (attestation.manifest.kind !== 'manifest') return;
    const layer = attestation.manifest.layers[0];
    assert.equal(layer.mediaType, MEDIA.inToto);
    assert.equal(layer.annotations?.['in-toto.io/predicate-type'], SPDX_PREDICATE);
    const statement = JSON.parse(Buffer.from(await c.readBlob(r, layer.digest, { maxBytes: 1024 * 1024 })).toString('utf8'));
    assert.equal(statement.predicateType, SPDX_PREDICATE);
    assert.equal(`sha256:${statement.subject[0].digest.sha256}`, r.manifestDigest);
    assert.equal(statement.predicate.packages[0].name, 'libc6');
  });

  it('handles Docker schema 2 manifest lists', async () => {
    const r = await client().resolve(`${reg.host}/demo/multi-docker:1.0`, { platform: ARM64 });
    assert.equal(r.digest, dockerListDigest);
    assert.notEqual(r.digest, multi.digest, 'converted by skopeo');
    assert.deepEqual(r.platforms, [AMD64, ARM64]);
    assert.equal(r.layers[0].mediaType, 'application/vnd.docker.image.rootfs.diff.tar.gzip');
  });

  it('reports unknown tags with the registry error code, and refuses unresolved references', async () => {
    // distribution 2.8 says MANIFEST_UNKNOWN for a tag of an unknown repository too (NAME_UNKNOWN: see the fake).
    for (const ref of ['demo/debian:nope', 'demo/absent:1']) {
      await assert.rejects(client().resolve(`${reg.host}/${ref}`), (error: unknown) => {
        assert.ok(error instanceof NotFoundError);
        assert.equal(error.kind, 'manifest');
        assert.equal(error.registryCode, 'MANIFEST_UNKNOWN');
        assert.match(error.message, new RegExp(`manifest ${ref} not found on ${reg.host}: MANIFEST_UNKNOWN`));
        return true;
      });
    }
    await assert.rejects(client().resolve('demo/${TAG}'), /unresolved variables/);
  });

  it('answers a repeated resolve from the cache with zero requests, across clients sharing a cache directory', async (t) => {
    const dir = path.join(work, 'cache-shared');
    const first = client({ cache: new RegistryCache({ dir }) });
    await first.resolve(`${reg.host}/demo/multi:1.0`, { platform: ARM64 });
    const cold = first.requests;
    const again = await first.resolve(`${reg.host}/demo/multi:1.0`, { platform: ARM64 });
    assert.equal(first.requests, cold, 'same client: no request');
    const fresh = client({ cache: new RegistryCache({ dir }) });
    const fromDisk = await fresh.resolve(`${reg.host}/demo/multi:1.0`, { platform: ARM64 });
    t.diagnostic(`cold ${cold} requests; warm same client 0; new client on the same cache dir ${fresh.requests}`);
    assert.equal(fresh.requests, 0, 'new client, same cache directory: no request');
    assert.deepEqual(fromDisk, again);
  });

  it('checks the tag again after the TTL with a single HEAD', async (t) => {
    let now = 1_000_000;
    const cache = new RegistryCache({ tagTtlMs: 60_000, now: () => now });
    const c = client({ cache, now: () => now });
    await c.resolve(`${reg.host}/demo/debian:11`);
    const cold = c.requests;
    now += 59_000;
    await c.resolve(`${reg.host}/demo/debian:11`);
    assert.equal(c.requests, cold);
    now += 2_000;
    await c.resolve(`${reg.host}/demo/debian:11`);
    t.diagnostic(`after the TTL: ${c.requests - cold} request`);
    assert.equal(c.requests, cold + 1);
  });

  it('makes one request set for concurrent resolves of the same reference', async (t) => {
    const c = client();
    const results = await Promise.all(Array.from({ length: 8 }, () => c.resolve(`${reg.host}/demo/multi:1.0`, { platform: AMD64 })));
    diagnostic(t, '8 concurrent resolves', c);
    assert.equal(c.requests, 4);
    for (const r of results) assert.equal(r.manifestDigest, multi.manifests[0].digest);
  });

  it('keeps the disk cache under its byte bound', async () => {
    const dir = path.join(work, 'cache-small');
    const cache = new RegistryCache({ dir, maxDiskBytes: 2048 });
    await client({ cache }).resolve(`${reg.host}/demo/multi:1.0`, { platform: AMD64 });
    await client({ cache }).resolve(`${reg.host}/demo/debian:11`);
    assert.ok((await cache.diskBytes()) <= 2048);
    const reloaded = new RegistryCache({ dir, maxDiskBytes: 2048 });
    assert.ok((await reloaded.diskBytes()) <= 2048);
  });

  it('streams a layer, verifying its digest', async () => {
    const c = client();
    const r = await c.resolve(`${reg.host}/demo/debian:11`);
    const bytes = await drain(await c.openBlob(r, r.layers[0].digest, { maxBytes: 1024 * 1024 }));
    assert.equal(sha256(bytes), r.layers[0].digest);
    assert.match(gunzipSync(bytes).toString('latin1'), /etc\/os-release/);
  });

  it('fails a blob that was corrupted in the registry storage, and one over the size limit', async () => {
    const digest = corrupt.layers[0].digest;
    const original = await readFile(reg.blobDataPath(digest));
    const tampered = Buffer.from(original);
    tampered[tampered.length - 1] ^= 0xff;
    await writeFile(reg.blobDataPath(digest), tampered);
    const c = client();
    const r = await c.resolve(`${reg.host}/demo/corrupt:1`);
    await assert.rejects(drain(await c.openBlob(r, digest, { maxBytes: 1024 * 1024 })), (error: unknown) => {
      assert.ok(error instanceof DigestMismatchError);
      assert.equal(error.expected, digest);
      assert.equal(error.actual, sha256(tampered));
      return true;
    });
    await assert.rejects(c.openBlob(r, r.layers[0].digest, { maxBytes: 10 }), TooLargeError);
  });
});

describe('registry client against docker-registry with htpasswd', () => {
  let reg: StartedRegistry;
  let helperDir: string;
  before(async () => {
    reg = await startRegistry({ auth: 'htpasswd' });
    await reg.push(layoutDir, 'demo/debian:11', { sourceRef: 'single' });
    await reg.push(layoutDir, 'demo/debian:other', { sourceRef: 'other' });
    helperDir = path.join(work, 'helpers');
    await mkdir(helperDir, { recursive: true });
    // A toy credential helper: records the server URL it was given on stdin, answers for one host only.
    await writeHelper(
      helperDir,
      'drydocktest',
      `read url\nprintf '%s' "$url" > "${helperDir}/last-url"\n` +
        `if [ "$url" = "${reg.host}" ]; then printf '{"ServerURL":"%s","Username":"${reg.admin.username}","Secret":"${reg.admin.password}"}' "$url"; exit 0; fi\n` +
        `echo "credentials not found in native keychain"; exit 1\n`,
    );
    await writeHelper(helperDir, 'broken', `echo "leaked-secret-xyz"; echo "more leaked-secret-xyz" >&2; exit 3\n`);
  });
  after(async () => {
    await reg?.stop();
  });

  it('asks for credentials when there are none', async () => {
    await assert.rejects(client().resolve(`${reg.host}/demo/debian:11`), (error: unknown) => {
      assert.ok(error instanceof CredentialsRequiredError);
      assert.match(error.message, /requires credentials to pull demo\/debian:11/);
      return true;
    });
  });

  it('uses HTTP Basic with given credentials, preemptively once challenged', async (t) => {
    const c = client({ credentials: staticCredentials({ [reg.host]: reg.admin }) });
    const r = await c.resolve(`${reg.host}/demo/debian:11`);
    assert.equal(r.digest, single.digest);
    const cold = c.requests;
    await c.resolve(`${reg.host}/demo/debian:other`);
    t.diagnostic(`htpasswd: first resolve ${cold} requests (one 401), second ${c.requests - cold}`);
    assert.equal(cold, 4);
    assert.equal(c.requests - cold, 3, 'no second 401');
  });

  it('reports rejected credentials without repeating them', async () => {
    const password = 'wrong-password-123';
    await assert.rejects(client({ credentials: staticCredentials({ [reg.host]: { username: 'admin', password } }) }).resolve(`${reg.host}/demo/debian:11`), (error: unknown) => {
      assert.ok(error instanceof CredentialsRejectedError);
      assert.doesNotMatch(`${error.message} ${JSON.stringify(error)}`, /wrong-password|YWRtaW46/);
      return true;
    });
  });

  it('reads base64 auths from DOCKER_CONFIG', async () => {
    const auth = Buffer.from(`${reg.admin.username}:${reg.admin.password}`).toString('base64');
    const provider = await dockerConfig({ auths: { [`http://${reg.host}`]: { auth } } }, 'config-auths');
    const r = await client({ credentials: provider }).resolve(`${reg.host}/demo/debian:11`);
    assert.equal(r.digest, single.digest);
  });

  it('runs a credential helper from credHelpers and from credsStore, with the server URL on stdin', async () => {
    for (const [name, config] of [
      ['config-credhelpers', { credHelpers: { [reg.host]: 'drydocktest' } }],
      ['config-credsstore', { credsStore: 'drydocktest' }],
    ] as const) {
      const r = await client({ credentials: await dockerConfig(config, name) }).resolve(`${reg.host}/demo/debian:11`);
      assert.equal(r.digest, single.digest);
      assert.equal(await readFile(path.join(helperDir, 'last-url'), 'utf8'), reg.host);
    }
  });

  it('names a failing helper in the error, without its output', async () => {
    const provider = await dockerConfig({ credHelpers: { [reg.host]: 'broken' } }, 'config-broken');
    await assert.rejects(client({ credentials: provider }).resolve(`${reg.host}/demo/debian:11`), (error: unknown) => {
      assert.ok(error instanceof CredentialsRequiredError);
      assert.match(error.message, /docker-credential-broken failed \(exit code 3\)/);
      assert.doesNotMatch(error.message, /leaked-secret/);
      return true;
    });
    const missing = await dockerConfig({ credHelpers: { [reg.host]: 'absent' } }, 'config-absent');
    await assert.rejects(client({ credentials: missing }).resolve(`${reg.host}/demo/debian:11`), /docker-credential-absent not found on PATH/);
  });

  async function dockerConfig(config: unknown, name: string): Promise<DockerConfigCredentialProvider> {
    const dir = path.join(work, name);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'config.json'), JSON.stringify(config));
    return new DockerConfigCredentialProvider({
      env: { ...process.env, DOCKER_CONFIG: dir, PATH: `${helperDir}${path.delimiter}${process.env.PATH ?? ''}` },
    });
  }
});

describe('registry client against docker-registry with bearer tokens', () => {
  let reg: StartedRegistry;
  before(async () => {
    reg = await startRegistry({ auth: 'token' });
    await reg.push(layoutDir, 'demo/debian:11', { sourceRef: 'single' });
    await reg.push(layoutDir, 'demo/debian:other', { sourceRef: 'other' });
    await reg.push(layoutDir, 'private/app:1', { sourceRef: 'single' });
  });
  after(async () => {
    await reg?.stop();
  });

  it('pulls anonymously through the token flow and reuses the token within its scope', async (t) => {
    const c = client();
    const tokensBefore = reg.tokenServer!.requests;
    const r = await c.resolve(`${reg.host}/demo/debian:11`);
    assert.equal(r.digest, single.digest);
    const cold = c.requests;
    await c.resolve(`${reg.host}/demo/debian:other`);
    t.diagnostic(`token mode: first resolve ${cold} requests (401, token, HEAD, manifest, config), second ${c.requests - cold}`);
    assert.equal(cold, 5);
    assert.equal(c.requests - cold, 3);
    assert.equal(reg.tokenServer!.requests - tokensBefore, 1, 'one token for both');
    assert.deepEqual(reg.tokenServer!.scopesRequested.slice(-1), ['repository:demo/debian:pull']);
  });

  it('fetches a new token once expires_in has passed', async (t) => {
    let now = Date.now();
    const c = client({ now: () => now, cache: new RegistryCache({ now: () => now }) });
    const tokensBefore = reg.tokenServer!.requests;
    await c.resolve(`${reg.host}/demo/debian:11`);
    assert.equal(reg.tokenServer!.requests - tokensBefore, 1);
    now += 301_000; // past the 300 s tokens and the 1 h tag TTL is not involved: new client cache below
    await c.resolve(`${reg.host}/demo/debian@${other.digest}`);
    t.diagnostic(`after expiry: ${reg.tokenServer!.requests - tokensBefore} token requests in all`);
    assert.equal(reg.tokenServer!.requests - tokensBefore, 2);
  });

  it('needs credentials for a private repository, and tells too little access from none', async () => {
    await assert.rejects(client().resolve(`${reg.host}/private/app:1`), (error: unknown) => {
      assert.ok(error instanceof CredentialsRequiredError, String(error));
      assert.equal(error.scope, 'repository:private/app:pull');
      return true;
    });
    await assert.rejects(client({ credentials: staticCredentials({ [reg.host]: reg.reader }) }).resolve(`${reg.host}/private/app:1`), (error: unknown) => {
      assert.ok(error instanceof AccessDeniedError, String(error));
      assert.doesNotMatch(error.message, new RegExp(reg.reader.password));
      return true;
    });
    const r = await client({ credentials: staticCredentials({ [reg.host]: reg.admin }) }).resolve(`${reg.host}/private/app:1`);
    assert.equal(r.digest, single.digest);
  });

  it('rejects a wrong password at the token service', async () => {
    await assert.rejects(
      client({ credentials: staticCredentials({ [reg.host]: { username: 'admin', password: 'nope-nope' } }) }).resolve(`${reg.host}/demo/debian:11`),
      (error: unknown) => {
        assert.ok(error instanceof CredentialsRejectedError, String(error));
        assert.doesNotMatch(error.message, /nope-nope/);
        return true;
      },
    );
  });

  it('trades an identitytoken from DOCKER_CONFIG for an access token (OAuth2 refresh grant)', async () => {
    const dir = path.join(work, 'config-identity');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ auths: { [reg.host]: { identitytoken: reg.adminRefreshToken } } }));
    const provider = new DockerConfigCredentialProvider({ env: { ...process.env, DOCKER_CONFIG: dir } });
    const r = await client({ credentials: provider }).resolve(`${reg.host}/private/app:1`);
    assert.equal(r.digest, single.digest);
  });
});

describe('registry client against a fake registry (faults)', () => {
  let fake: FakeServer;
  let storage: FakeServer;
  const basic = { username: 'fake-user', password: 'fake-pass-456' };
  before(async () => {
    fake = await startFakeRegistry({
      layoutDir,
      basicAuth: basic,
      manifestHeaders: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '99;w=21600', 'docker-ratelimit-source': '192.0.2.7' },
    });
    storage = await startFakeServer();
  });
  after(async () => {
    await fake?.stop();
    await storage?.stop();
  });

  function fakeClient(options: RegistryClientOptions = {}): RegistryClient {
    return client({ credentials: staticCredentials({ [fake.host]: basic }), ...options });
  }

  it('captures rate-limit headers', async () => {
    fake.reset();
    const c = fakeClient();
    await c.resolve(`${fake.host}/demo/x:single`);
    assert.deepEqual(c.rateLimit(fake.host), { limit: 100, remaining: 99, windowSeconds: 21600, source: '192.0.2.7' });
  });

  it('retries a 429 once when retry-after is short, and fails at once when it is long', async (t) => {
    fake.reset();
    let limited = 1;
    fake.use((req, res, url) => {
      if (!url.pathname.includes('/manifests/') || limited <= 0) return false;
      limited--;
      res.writeHead(429, { 'retry-after': '0', 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' }).end();
      return true;
    });
    const c = fakeClient();
    const r = await c.resolve(`${fake.host}/demo/x:single`);
    assert.equal(r.digest, single.digest);
    diagnostic(t, 'one 429 then success', c);

    fake.reset();
    fake.use((req, res, url) => {
      if (!url.pathname.includes('/manifests/')) return false;
      res.writeHead(429, { 'retry-after': '3600', 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' }).end();
      return true;
    });
    const limitedClient = fakeClient();
    await assert.rejects(limitedClient.resolve(`${fake.host}/demo/x:single`), (error: unknown) => {
      assert.ok(error instanceof RateLimitedError);
      assert.equal(error.retryAfterSeconds, 3600);
      assert.deepEqual(error.rateLimit, { limit: 100, remaining: 0, windowSeconds: 21600 });
      assert.match(error.message, /rate limit reached \(limit 100 per 21600 s\); retry after 3600 s/);
      return true;
    });
    assert.equal(limitedClient.requests, 2, 'the 401 challenge, then the 429: no retry');

    fake.reset();
    fake.use((req, res, url) => {
      if (!url.pathname.includes('/manifests/')) return false;
      res.writeHead(429, { 'retry-after': '0' }).end();
      return true;
    });
    const twice = fakeClient();
    await assert.rejects(twice.resolve(`${fake.host}/demo/x:single`), RateLimitedError);
    assert.equal(twice.requests, 3, 'the 401, the 429 and a single retry');
    fake.reset();
  });

  it('refuses a manifest that does not match its digest', async () => {
    fake.reset();
    fake.use((req, res, url) => {
      if (!url.pathname.endsWith(`/manifests/${single.digest}`)) return false;
      const tampered = Buffer.from(JSON.stringify({ ...single.manifest, annotations: { evil: 'yes' } }));
      sendBody(res, req, 200, tampered, { 'content-type': MEDIA.ociManifest, 'docker-content-digest': single.digest });
      return true;
    });
    await assert.rejects(fakeClient().resolve(`${fake.host}/demo/x@${single.digest}`), DigestMismatchError);
    fake.reset();
  });

  it('errors a blob stream whose content does not match, after the data', async () => {
    fake.reset();
    const digest = single.layers[1].digest;
    fake.use(async (req, res, url) => {
      if (!url.pathname.endsWith(`/blobs/${digest}`)) return false;
      const bytes = Buffer.from(await readFile(blobPath(layoutDir, digest)));
      bytes[0] ^= 0x01;
      sendBody(res, req, 200, bytes, { 'content-type': 'application/octet-stream' });
      return true;
    });
    const c = fakeClient();
    const stream = await c.openBlob({ registry: fake.host, repository: 'demo/x' }, digest, { maxBytes: 1024 * 1024 });
    let received = 0;
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) received += (chunk as Buffer).length;
      })(),
      DigestMismatchError,
    );
    assert.equal(received, single.layers[1].size);
    fake.reset();
  });

  it('stops a stream that grows past maxBytes without a Content-Length', async () => {
    fake.reset();
    const digest = single.layers[0].digest;
    fake.use(async (req, res, url) => {
      if (!url.pathname.endsWith(`/blobs/${digest}`)) return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(600));
      res.end(Buffer.alloc(600));
      return true;
    });
    const stream = await fakeClient().openBlob({ registry: fake.host, repository: 'demo/x' }, digest, { maxBytes: 1000 });
    await assert.rejects(drain(stream), TooLargeError);
    fake.reset();
  });

  it('follows a redirect to another origin without the Authorization header', async () => {
    fake.reset();
    storage.reset();
    const digest = single.layers[0].digest;
    fake.use((req, res, url) => {
      if (!url.pathname.endsWith(`/blobs/${digest}`)) return false;
      res.writeHead(307, { location: `${storage.url}/bucket/${digest.slice(7)}?X-Amz-Signature=presigned-secret` }).end();
      return true;
    });
    storage.use(async (req, res) => {
      sendBody(res, req, 200, await readFile(blobPath(layoutDir, digest)), { 'content-type': 'application/octet-stream' });
      return true;
    });
    const c = fakeClient();
    const bytes = await drain(await c.openBlob({ registry: fake.host, repository: 'demo/x' }, digest, { maxBytes: 1024 * 1024 }));
    assert.equal(sha256(bytes), digest);
    const atRegistry = fake.requests.filter((r) => r.path.endsWith(`/blobs/${digest}`)).at(-1)!;
    assert.ok(atRegistry.headers.authorization, 'the registry got the credentials');
    assert.equal(storage.requests.length, 1);
    assert.equal(storage.requests[0].headers.authorization, undefined, 'the other origin did not');

    storage.reset();
    storage.use((req, res) => registryError(res, req, 500, 'INTERNAL', 'storage down'));
    await assert.rejects(fakeClient().openBlob({ registry: fake.host, repository: 'demo/x' }, digest, { maxBytes: 1024 * 1024 }), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.doesNotMatch(error.message, /presigned-secret|X-Amz/);
      return true;
    });
    fake.reset();
    storage.reset();
  });

  it('times out a body that stalls, and reports unreachable registries and cancellation', async () => {
    fake.reset();
    const digest = single.layers[0].digest;
    fake.use((req, res, url) => {
      if (!url.pathname.endsWith(`/blobs/${digest}`)) return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '1000' });
      res.write(Buffer.alloc(10));
      return true; // and never finish
    });
    const stream = await fakeClient({ timeoutMs: 300 }).openBlob({ registry: fake.host, repository: 'demo/x' }, digest, { maxBytes: 1024 * 1024 });
    await assert.rejects(drain(stream), RegistryTimeoutError);

    const midStream = new AbortController();
    const cancelled = await fakeClient().openBlob({ registry: fake.host, repository: 'demo/x' }, digest, { maxBytes: 1024 * 1024, signal: midStream.signal });
    cancelled.once('data', () => midStream.abort());
    await assert.rejects(drain(cancelled), { name: 'AbortError' });
    fake.reset();

    const closed = await startFakeServer();
    const closedHost = closed.host;
    await closed.stop();
    await assert.rejects(client().resolve(`${closedHost}/demo/x:1`), (error: unknown) => {
      assert.ok(error instanceof RegistryNetworkError);
      assert.equal(error.systemCode, 'ECONNREFUSED');
      return true;
    });

    const controller = new AbortController();
    controller.abort();
    await assert.rejects(fakeClient().resolve(`${fake.host}/demo/x:single`, { signal: controller.signal }), { name: 'AbortError' });
  });

  it('tells a missing repository from a missing tag when the registry does (NAME_UNKNOWN)', async () => {
    fake.reset();
    fake.use((req, res, url) => {
      if (!url.pathname.startsWith('/v2/demo/gone/')) return false;
      return registryError(res, req, 404, 'NAME_UNKNOWN', 'repository name not known to registry');
    });
    const c = fakeClient();
    await assert.rejects(c.resolve(`${fake.host}/demo/gone:1`), (error: unknown) => {
      assert.ok(error instanceof NotFoundError);
      assert.equal(error.kind, 'repository');
      assert.match(error.message, /repository demo\/gone not found/);
      return true;
    });
    assert.equal(c.requests, 3, '401, HEAD 404 (no body), GET for the error code');
    fake.reset();
  });

  it('reports malformed manifests as protocol errors', async () => {
    fake.reset();
    fake.use((req, res, url) => {
      if (!url.pathname.includes('/manifests/')) return false;
      const body = Buffer.from('{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"digest": "sha256:../../etc", "size": 1}, "layers": []}');
      sendBody(res, req, 200, body, { 'content-type': MEDIA.ociManifest, 'docker-content-digest': sha256(body) });
      return true;
    });
    await assert.rejects(fakeClient().resolve(`${fake.host}/demo/x:broken`), (error: unknown) => {
      assert.ok(error instanceof RegistryProtocolError);
      assert.match(error.message, /config has an unsupported or malformed digest/);
      return true;
    });
    fake.reset();
  });
});

async function writeHelper(dir: string, name: string, body: string): Promise<void> {
  const file = path.join(dir, `docker-credential-${name}`);
  await writeFile(file, `#!/bin/sh\n${body}`);
  await chmod(file, 0o755);
}
