/**
 * `drydock scan --online` end to end, as a user runs it: the bundled CLI in a child process, a
 * real OCI registry (Debian's docker-registry) on loopback holding fixture images this test
 * builds, the registry client, the layer inventory and the OSV fixture database. Findings land on
 * the references in a Dockerfile, a Kubernetes manifest and a compose file alike.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../../server/src/core/findings';
import { buildOciLayout, type LayoutSpec } from './harness/ociLayout';
import { startRegistry, type StartedRegistry } from './harness/registry';
import { makeTree, removeTree, runCli, assertCliBuilt, REPO_ROOT } from '../cli/cliHarness';

const OSV_FIXTURES = path.join(REPO_ROOT, 'test', 'images', 'fixtures', 'osv');

const debian11 = {
  files: [
    { path: 'etc/', type: 'directory' as const },
    { path: 'etc/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\nVERSION_CODENAME=bullseye\n' },
    {
      path: 'var/lib/dpkg/status',
      content:
        'Package: libssl1.1\nStatus: install ok installed\nVersion: 1.1.1n-0+deb11u3\nSource: openssl\n\n' +
        'Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.11.dfsg-2+deb11u1\nSource: zlib (1:1.2.11.dfsg-2+deb11u1)\n\n' +
        'Package: bash\nStatus: install ok installed\nVersion: 5.1-2+deb11u1\n\n',
    },
  ],
};

const SPEC: LayoutSpec = {
  refs: {
    vulnerable: {
      layers: [debian11, { files: [{ path: 'app/node_modules/lodash/package.json', content: '{"name":"lodash","version":"4.17.15"}' }] }],
      config: { User: '0', Env: ['PATH=/usr/bin', 'STRIPE_API_KEY=sk_live_51HqLyjWDarjtT1zdp7dcXkVqCq3wZ9v8'], ExposedPorts: ['8080/tcp'] },
    },
  },
};

/** The OSV fixture records, as the API would serve them. */
async function loadFixtureRecords(): Promise<{ id: string; modified: string; affected?: { package?: { name?: string; ecosystem?: string } }[] }[]> {
  const out = [];
  for (const folder of await readdir(OSV_FIXTURES, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const file of await readdir(path.join(OSV_FIXTURES, folder.name))) {
      if (file.endsWith('.json')) out.push(JSON.parse(await readFile(path.join(OSV_FIXTURES, folder.name, file), 'utf8')));
    }
  }
  return out;
}

let work: string;
let registry: StartedRegistry;
let tree: string;

before(async () => {
  assertCliBuilt();
  work = await mkdtemp(path.join(os.tmpdir(), 'drydock-online-'));
  await buildOciLayout(path.join(work, 'layout'), SPEC);
  registry = await startRegistry({ auth: 'none' });
  await registry.push(path.join(work, 'layout'), 'shop/api:1.0', { sourceRef: 'vulnerable' });
  const image = `${registry.host}/shop/api:1.0`;
  tree = makeTree({
    'Dockerfile': `FROM ${image}\nRUN pip install --no-cache-dir PyYAML==5.3.1\nUSER 10001\n`,
    'k8s/deploy.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        image: "${image}"\n        securityContext: {privileged: true}\n`,
    'compose.yaml': `services:\n  api:\n    image: ${image}\n  gone:\n    image: ${registry.host}/shop/api:9.9\n`,
    '.drydock.yaml': 'rules:\n  dockerfile/image-not-pinned-by-digest: info\n',
  });
});

after(async () => {
  await registry?.stop();
  if (tree) removeTree(tree);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('drydock scan --online against a loopback registry', () => {
  it('lists the fixture CVEs with fixed versions on every reference, ranks the privileged one higher, and flags the config secret', async () => {
    const env = { XDG_CACHE_HOME: path.join(work, 'cache'), DRYDOCK_TODAY: '2026-11-26' };
    const run = await runCli(['scan', '.', '--online', '--db', OSV_FIXTURES, '--format', 'json', '--fail-on', 'none'], tree, env);
    assert.equal(run.code, 0, run.stderr);
    const { findings } = JSON.parse(run.stdout) as { findings: Finding[] };
    const vulnerable = findings.filter((f) => f.rule === 'image/known-vulnerabilities');
    assert.deepEqual(vulnerable.map((f) => f.file).sort(), ['Dockerfile', 'compose.yaml', 'k8s/deploy.yaml']);
    const dockerfile = vulnerable.find((f) => f.file === 'Dockerfile')!;
    assert.match(dockerfile.evidence!, /DSA-5343-1 \/ CVE-\d+-\d+: libssl1\.1 \(openssl\) 1\.1\.1n-0\+deb11u3 → 1\.1\.1n-0\+deb11u4/);
    assert.match(dockerfile.evidence!, /GHSA-8q59-q68h-6hv4|zlib1g \(zlib\)|lodash 4\.17\.15 → 4\.17\.19/);
    assert.match(dockerfile.message, /known vulnerabilities in \d+ packages/);
    const k8s = vulnerable.find((f) => f.file === 'k8s/deploy.yaml')!;
    assert.match(k8s.message, /Ranked higher: it runs privileged/);
    assert.equal(k8s.severity, 'error');
    assert.ok(findings.some((f) => f.rule === 'image/secret-in-image-config' && /STRIPE_API_KEY/.test(f.message) && !f.message.includes('sk_live_51HqLy')), 'the config secret is reported, redacted');
    const pin = findings.find((f) => f.rule === 'dockerfile/image-not-pinned-by-digest')!;
    assert.match(pin.fixes![0].title, /^Pin to digest sha256:/);
    assert.match(pin.fixes![0].edits[0].newText, /^@sha256:[a-f0-9]{64}$/);
    const pinned = findings.find((f) => f.rule === 'dockerfile/vulnerable-pinned-package')!;
    assert.match(pinned.message, /PyYAML 5\.3\.1 has \d+ known vulnerabilit.*GHSA-8q59-q68h-6hv4 fixed in 5\.4/);
    assert.equal(pinned.fixes![0].edits[0].newText, '5.4');
    const failed = findings.filter((f) => f.rule === 'image/scan-failed');
    assert.deepEqual(failed.map((f) => [f.file, f.range.start.line]), [['compose.yaml', 4]]);
    assert.match(failed[0].message, /shop\/api:9\.9/);
    assert.match(run.stderr, /shop\/api:9\.9/);
  });

  it('without a local database asks the OSV API (a loopback fake speaking its wire format) and finds the same advisories', async () => {
    const records = await loadFixtureRecords();
    const queried: string[] = [];
    const api = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://x');
        if (request.method === 'POST' && url.pathname === '/v1/querybatch') {
          const { queries } = JSON.parse(body) as { queries: { package: { name: string; ecosystem: string }; version: string }[] };
          queried.push(...queries.map((q) => `${q.package.ecosystem}/${q.package.name}@${q.version}`));
          // Like the real API: ids (and modified) of advisories affecting the package, per query, in order.
          const results = queries.map((q) => ({
            vulns: records
              .filter((r) => r.affected?.some((a: { package?: { name?: string; ecosystem?: string } }) => a.package?.name === q.package.name && a.package?.ecosystem === q.package.ecosystem))
              .map((r) => ({ id: r.id, modified: r.modified })),
          }));
          response.setHeader('content-type', 'application/json');
          response.end(JSON.stringify({ results }));
          return;
        }
        const vuln = /^\/v1\/vulns\/(.+)$/.exec(url.pathname);
        const record = vuln && records.find((r) => r.id === decodeURIComponent(vuln[1]));
        if (request.method === 'GET' && record) {
          response.setHeader('content-type', 'application/json');
          response.end(JSON.stringify(record));
          return;
        }
        response.statusCode = 404;
        response.end(JSON.stringify({ code: 5, message: 'Bug not found.' }));
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const port = (api.address() as AddressInfo).port;
      const env = { XDG_CACHE_HOME: path.join(work, 'cache-api'), DRYDOCK_TODAY: '2026-11-26', DRYDOCK_OSV_API_URL: `http://127.0.0.1:${port}` };
      const run = await runCli(['scan', 'Dockerfile', '--online', '--format', 'json', '--fail-on', 'none'], tree, env);
      assert.equal(run.code, 0, run.stderr);
      const { findings } = JSON.parse(run.stdout) as { findings: Finding[] };
      const vulnerable = findings.find((f) => f.rule === 'image/known-vulnerabilities');
      assert.ok(vulnerable, run.stderr);
      assert.match(vulnerable.evidence!, /DSA-5343-1 \/ CVE-\d+-\d+: libssl1\.1 \(openssl\) 1\.1\.1n-0\+deb11u3 → 1\.1\.1n-0\+deb11u4/);
      assert.ok(queried.includes('Debian:11/openssl@1.1.1n-0+deb11u3'), `distro packages are asked by source: ${queried.join(', ')}`);
      assert.ok(queried.includes('npm/lodash@4.17.15'));
    } finally {
      await new Promise((resolve) => api.close(resolve));
    }
  });

  it('touches no network without --online: the same tree has no registry findings', async () => {
    const run = await runCli(['scan', '.', '--format', 'json', '--fail-on', 'none'], tree, { XDG_CACHE_HOME: path.join(work, 'cache-offline') });
    const { findings } = JSON.parse(run.stdout) as { findings: Finding[] };
    assert.deepEqual(findings.filter((f) => ['image/known-vulnerabilities', 'image/scan-failed', 'image/secret-in-image-config'].includes(f.rule)), []);
  });

  it('refuses --db without --online', async () => {
    const run = await runCli(['scan', '.', '--db', OSV_FIXTURES], tree);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--db, --platform and --insecure-registry need --online/);
  });
});
