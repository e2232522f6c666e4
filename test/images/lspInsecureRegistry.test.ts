/**
 * `drydock.images.insecureRegistries` through the real language server: a loopback HTTPS registry with a
 * self-signed certificate (openssl, made here) is scanned when its host is listed, and the server warns once in
 * its log and once on screen that TLS verification is off for it; in an untrusted workspace the setting is
 * ignored and the restricted-mode message names it; `drydock scan --online --insecure-registry HOST` likewise,
 * with its warning on stderr. Registry-level behaviour (refusal by default, other hosts
 * still verified, redirects, plain-HTTP fallback) is in insecureRegistry.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildOciLayout } from './harness/ociLayout';
import { startFakeRegistry, type FakeServer } from './harness/fakeRegistry';
import { selfSignedCertificate } from './harness/selfSigned';
import { TestServer, untitledUri } from '../lsp/harness';
import { REPO_ROOT, makeTree, removeTree, runCli } from '../cli/cliHarness';

let work: string;
let registry: FakeServer;
/** The server's cache home: the advisory database is found at $XDG_CACHE_HOME/drydock/osv, as after `drydock db update`. */
let env: Record<string, string>;

before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'drydock-lsp-tls-'));
  const layoutDir = path.join(work, 'layout');
  await buildOciLayout(layoutDir, {
    refs: {
      '2.0': {
        layers: [
          {
            files: [
              { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="11"\n' },
              { path: 'var/lib/dpkg/status', content: 'Package: libssl1.1\nStatus: install ok installed\nVersion: 1.1.1n-0+deb11u3\nSource: openssl\n\n' },
            ],
          },
        ],
      },
    },
  });
  registry = await startFakeRegistry({ layoutDir, tls: selfSignedCertificate() });
  await cp(path.join(REPO_ROOT, 'test', 'images', 'fixtures', 'osv'), path.join(work, 'cache', 'drydock', 'osv'), { recursive: true });
  env = { XDG_CACHE_HOME: path.join(work, 'cache') };
});

after(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('language server: per-registry TLS opt-out', { timeout: 60_000 }, () => {
  it('scans a listed self-signed registry and warns once, in the log and on screen', { timeout: 60_000 }, async () => {
    const warning = `TLS verification is OFF for registry ${registry.host} (drydock.images.insecureRegistries).`;
    const server = await TestServer.start({ env, settings: { network: { enabled: true }, images: { insecureRegistries: [registry.host] } } });
    try {
      const first = untitledUri();
      await server.open(first, `FROM ${registry.host}/team/app:2.0\nUSER 10001\n`);
      const later = await server.waitForDiagnostics(first, (p) => p.diagnostics.some((d) => d.code === 'image/known-vulnerabilities'));
      assert.match(String(later.diagnostics.find((d) => d.code === 'image/known-vulnerabilities')!.message), /DSA-5343-1/);
      // A second document naming another image of the same registry (a tag it does not have): no second warning.
      const second = untitledUri();
      await server.open(second, `FROM ${registry.host}/team/app:9.9\n`);
      await server.waitForDiagnostics(second, (p) => p.diagnostics.some((d) => d.code === 'image/scan-failed'));
      assert.ok(registry.requests.some((r) => r.path.startsWith('/v2/team/app/blobs/')), 'the image was read over the unverified connection');
      assert.equal(server.logs.filter((l) => l.includes(warning)).length, 1, server.logs.join('\n'));
      assert.equal(server.shownMessages.filter((m) => m === warning).length, 1, server.shownMessages.join('\n'));
    } finally {
      await server.stop();
    }
  });

  it('ignores the setting in an untrusted workspace and says so', { timeout: 60_000 }, async () => {
    const server = await TestServer.start({
      env,
      settings: { network: { enabled: true }, images: { insecureRegistries: [registry.host] } },
      initializationOptions: { isTrusted: false },
    });
    try {
      const before = registry.requests.length;
      await server.open(untitledUri(), `FROM ${registry.host}/team/app:2.0\n`);
      const status = await server.connection.sendRequest<{ restricted: boolean }>('drydock/status');
      assert.equal(status.restricted, true);
      const told = server.shownMessages.filter((m) => m.includes('restricted mode'));
      assert.equal(told.length, 1);
      assert.match(told[0], /drydock\.images\.insecureRegistries/);
      assert.equal(registry.requests.length, before, 'nothing was fetched');
      assert.ok(!server.logs.some((l) => l.includes('TLS verification is OFF')));
    } finally {
      await server.stop();
    }
  });

  it('drydock scan --online --insecure-registry HOST scans it and warns on stderr', { timeout: 60_000 }, async () => {
    const tree = makeTree({ Dockerfile: `FROM ${registry.host}/team/app:2.0\nUSER 10001\n` });
    try {
      const env = { XDG_CACHE_HOME: path.join(work, 'cli-cache'), DOCKER_CONFIG: path.join(work, 'no-docker-config') };
      const run = await runCli(['scan', '.', '--online', '--db', path.join(REPO_ROOT, 'test', 'images', 'fixtures', 'osv'), '--insecure-registry', registry.host, '--format', 'json', '--fail-on', 'none'], tree, env);
      assert.equal(run.code, 0, run.stderr);
      const { findings } = JSON.parse(run.stdout) as { findings: { rule: string; message: string }[] };
      assert.ok(findings.some((f) => f.rule === 'image/known-vulnerabilities'), findings.map((f) => f.rule).join(', '));
      assert.equal(run.stderr.split('\n').filter((l) => l === `drydock: TLS verification is OFF for registry ${registry.host} (--insecure-registry)`).length, 1, run.stderr);
    } finally {
      removeTree(tree);
    }
  });
});
