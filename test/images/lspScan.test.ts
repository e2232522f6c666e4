/**
 * The language server scans images in the background when the user enabled the network: the
 * first diagnostics come at once without registry findings, and once the scan of the loopback
 * registry's image finishes the document is analysed again with the vulnerabilities. Without the
 * setting, nothing is fetched.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildOciLayout } from './harness/ociLayout';
import { startRegistry, type StartedRegistry } from './harness/registry';
import { TestServer, codes, untitledUri } from '../lsp/harness';
import { REPO_ROOT } from '../cli/cliHarness';

let work: string;
let registry: StartedRegistry;
let image: string;
const savedCache = process.env.XDG_CACHE_HOME;

before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'drydock-lsp-scan-'));
  await buildOciLayout(path.join(work, 'layout'), {
    refs: {
      app: {
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
  registry = await startRegistry({ auth: 'none' });
  await registry.push(path.join(work, 'layout'), 'team/app:2.0', { sourceRef: 'app' });
  image = `${registry.host}/team/app:2.0`;
  // The server reads the advisory database from $XDG_CACHE_HOME/drydock/osv, as after `drydock db update`.
  await cp(path.join(REPO_ROOT, 'test', 'images', 'fixtures', 'osv'), path.join(work, 'cache', 'drydock', 'osv'), { recursive: true });
  process.env.XDG_CACHE_HOME = path.join(work, 'cache');
});

after(async () => {
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('language server image scans', { timeout: 60_000 }, () => {
  it('publishes registry findings after a background scan when the network is enabled', async () => {
    const server = await TestServer.start({ settings: { network: { enabled: true } } });
    try {
      const uri = untitledUri();
      const first = await server.open(uri, `FROM ${image}\nUSER 10001\n`);
      assert.ok(!codes(first).includes('image/known-vulnerabilities'), 'the first analysis does not wait for the network');
      const later = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'image/known-vulnerabilities'));
      const finding = later.diagnostics.find((d) => d.code === 'image/known-vulnerabilities')!;
      assert.match(String(finding.message), /DSA-5343-1/);
      assert.deepEqual(finding.range.start, { line: 0, character: 5 });
    } finally {
      await server.stop();
    }
  });

  it('fetches nothing when the network setting is off (the default)', async () => {
    const server = await TestServer.start();
    try {
      const uri = untitledUri();
      const diagnostics = await server.open(uri, `FROM ${image}\n`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const published = server.published.filter((p) => p.uri === uri).flatMap((p) => p.diagnostics);
      assert.ok(!published.some((d) => String(d.code).startsWith('image/known') || d.code === 'image/scan-failed'), codes(diagnostics).join(', '));
    } finally {
      await server.stop();
    }
  });
});
