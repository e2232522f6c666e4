/**
 * TLS verification and its per-registry opt-out (images/registry/tls.ts): loopback HTTPS registries with a
 * self-signed certificate made here by openssl are refused by default with a message that says what to do,
 * spoken to when their host is listed (with one warning per registry), while every other host still verifies;
 * a listed registry without TLS is reached over plain HTTP. The clients here address the loopback registries
 * over HTTPS (`plainHttp: () => false`), as they would any remote registry.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  RegistryClient,
  RegistryNetworkError,
  insecureRegistryMatcher,
  noCredentials,
  normaliseRegistryHost,
  type RegistryClientOptions,
} from '../../server/src/images/registry';
import { scanError as imageScanError } from '../../server/src/images/scanner';
import { analyzeDocument } from '../../server/src/core/engine';
import { scanFailed } from '../../server/src/core/rules/image/scanFailed';
import { factsProvider } from '../../server/src/core/images/facts';
import { buildOciLayout, type BuiltImage } from './harness/ociLayout';
import { startFakeRegistry, type FakeServer } from './harness/fakeRegistry';
import { selfSignedCertificate } from './harness/selfSigned';

let work: string;
let image: BuiltImage;
/** Listed in the tests that list one. */
let listed: FakeServer;
/** Never listed. */
let other: FakeServer;
/** Plain HTTP, no TLS at all. */
let plain: FakeServer;

before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'drydock-tls-test-'));
  const layoutDir = path.join(work, 'layout');
  const built = await buildOciLayout(layoutDir, {
    refs: { app: { layers: [{ files: [{ path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' }] }] } },
  });
  image = built.refs.app as BuiltImage;
  const tls = selfSignedCertificate();
  listed = await startFakeRegistry({ layoutDir, tls });
  other = await startFakeRegistry({ layoutDir, tls });
  plain = await startFakeRegistry({ layoutDir });
});

after(async () => {
  await Promise.all([listed?.stop(), other?.stop(), plain?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

function client(options: RegistryClientOptions = {}): RegistryClient {
  return new RegistryClient({ credentials: noCredentials, plainHttp: () => false, ...options });
}

async function refusal(promise: Promise<unknown>): Promise<RegistryNetworkError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RegistryNetworkError, `expected a network error, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the registry to be refused');
}

describe('TLS verification of registries', { timeout: 60_000 }, () => {
  it('refuses a self-signed registry by default and says how to trust it or opt out', async () => {
    const before = listed.requests.length;
    const error = await refusal(client().resolve(`${listed.host}/team/app:app`));
    assert.equal(error.systemCode, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.match(error.message, new RegExp(`refused the TLS certificate of https://${listed.host.replace(/\./g, '\\.')} \\(DEPTH_ZERO_SELF_SIGNED_CERT\\)`));
    assert.match(error.message, /NODE_EXTRA_CA_CERTS/);
    assert.match(error.message, new RegExp(`list ${listed.host.replace(/\./g, '\\.')} in drydock\\.images\\.insecureRegistries`));
    assert.equal(listed.requests.length, before, 'no HTTP request reached the registry over the refused connection');
    // What the user reads: the refusal and how to trust the certificate, not advice to check the network.
    const scanError = imageScanError(error);
    assert.equal(scanError.kind, 'certificate');
    const reference = `${listed.host}/team/app:app`;
    const { findings } = analyzeDocument({ fileName: 'Dockerfile', text: `FROM ${reference}\n` }, undefined, {
      rules: [scanFailed],
      images: factsProvider([[reference, { reference, error: scanError }]]),
    });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /its TLS certificate was refused/);
    assert.doesNotMatch(findings[0].message, /check the network/);
  });

  it('speaks to a listed registry without verification, warns once for it, and still verifies the others', async () => {
    const warnings: string[] = [];
    const c = client({ insecureRegistries: insecureRegistryMatcher([listed.host]), onInsecureRegistry: (r) => warnings.push(r) });
    const resolved = await c.resolve(`${listed.host}/team/app:app`);
    assert.equal(resolved.digest, image.digest);
    await c.resolve(`${listed.host}/team/app@${image.digest}`);
    assert.deepEqual(warnings, [listed.host], 'one warning per registry per client, however many requests');
    const error = await refusal(c.resolve(`${other.host}/team/app:app`));
    assert.equal(error.systemCode, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.deepEqual(warnings, [listed.host], 'an unlisted registry is not "insecure"');
  });

  it('keeps verifying a redirect from a listed registry to another host', async () => {
    listed.use((req, res, url) => {
      if (!url.pathname.includes('/blobs/')) return false;
      res.writeHead(307, { location: `${other.url}${url.pathname}` }).end();
      return true;
    });
    try {
      const c = client({ insecureRegistries: insecureRegistryMatcher([listed.host]) });
      const error = await refusal(c.resolve(`${listed.host}/team/app:app`));
      assert.equal(error.systemCode, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      assert.match(error.message, new RegExp(other.host.replace(/\./g, '\\.')));
    } finally {
      listed.reset();
    }
  });

  it('reaches a listed registry that has no TLS over plain HTTP (as Docker and skopeo do)', async () => {
    const warnings: string[] = [];
    const unlisted = await refusal(client().resolve(`${plain.host}/team/app:app`));
    assert.doesNotMatch(unlisted.message, /insecureRegistries/, 'not a certificate problem');
    const c = client({ insecureRegistries: insecureRegistryMatcher([`http://${plain.host}/`]), onInsecureRegistry: (r) => warnings.push(r) });
    const resolved = await c.resolve(`${plain.host}/team/app:app`);
    assert.equal(resolved.digest, image.digest);
    assert.deepEqual(warnings, [plain.host]);
  });

  it('matches listed hosts with or without a port, written as hosts or URLs', () => {
    const match = insecureRegistryMatcher(['Registry.Lab:5000', 'https://dev.internal/', '  ', '[::1]']);
    assert.equal(match('registry.lab:5000'), true);
    assert.equal(match('registry.lab:5001'), false);
    assert.equal(match('registry.lab'), false);
    assert.equal(match('dev.internal'), true);
    assert.equal(match('dev.internal:8443'), true);
    assert.equal(match('[::1]:5000'), true);
    assert.equal(match('evil-dev.internal'), false);
    assert.equal(match('dev.internal.evil.example'), false);
    assert.equal(normaliseRegistryHost('  '), undefined);
    assert.equal(insecureRegistryMatcher([])('anything'), false);
  });
});
