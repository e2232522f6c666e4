import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  configFindings,
  inventoryFromAttestation,
  inventoryFromLayers,
  interestingFileKind,
  normaliseEntryPath,
  parseApkInstalled,
  parseDpkgStatus,
  parseOsRelease,
  parsePackageJson,
  parsePackageUrl,
  parsePythonMetadata,
  readLayer,
  withDefaultLimits,
  type LayerInput,
} from '../../server/src/images/inventory';
import type { ImageConfigSummary, InstalledPackage, Inventory } from '../../server/src/images/types';
import {
  MEDIA_TYPE,
  file,
  generatedLayer,
  gzipLayer,
  layerOf,
  opaque,
  tarOf,
  ustarHeader,
  whiteout,
  zstdRawFrame,
  zstdRleBomb,
} from './fixtures/layers/layerFixtures';

const DEBIAN_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"
NAME="Debian GNU/Linux"
VERSION_ID="11"
VERSION="11 (bullseye)"
VERSION_CODENAME=bullseye
ID=debian
HOME_URL="https://www.debian.org/"
`;

const DPKG_STATUS = `Package: libc6
Status: install ok installed
Priority: optional
Architecture: amd64
Source: glibc
Version: 2.31-13+deb11u3
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.

Package: zlib1g
Status: install ok installed
Architecture: amd64
Source: zlib (1:1.2.11.dfsg-2+deb11u1)
Version: 1:1.2.11.dfsg-2+deb11u1

Package: libssl1.1
Status: install ok installed
Source: openssl
Version: 1.1.1n-0+deb11u3

Package: old-removed
Status: deinstall ok config-files
Version: 1.0-1

Package: openssl
Status: install ok installed
Version: 1.1.1n-0+deb11u3
`;

const APK_INSTALLED = `C:Q1abc=
P:musl
V:1.1.24-r9
A:x86_64
o:musl
T:the musl c library

C:Q1def=
P:libcrypto1.1
V:1.1.1g-r0
o:openssl

P:libssl1.1
V:1.1.1g-r0
o:openssl
`;

function summary(inventory: Inventory): string[] {
  return inventory.packages.map((p) => `${p.ecosystem}:${p.name}@${p.version}`);
}

function byName(inventory: Inventory, name: string): InstalledPackage {
  const found = inventory.packages.find((p) => p.name === name);
  assert.ok(found, `package ${name} in ${summary(inventory).join(', ')}`);
  return found;
}

async function* asAsync(layers: LayerInput[]): AsyncGenerator<LayerInput> {
  yield* layers;
}

describe('parsers', () => {
  test('os-release: quoting, comments, codename', () => {
    assert.deepEqual(parseOsRelease(DEBIAN_OS_RELEASE), {
      id: 'debian',
      versionId: '11',
      versionCodename: 'bullseye',
      prettyName: 'Debian GNU/Linux 11 (bullseye)',
    });
    assert.deepEqual(parseOsRelease(`# comment\nNAME='Alpine Linux'\nID=alpine\nVERSION_ID=3.12.0\nPRETTY_NAME="Say \\"hi\\""\n`), {
      id: 'alpine',
      versionId: '3.12.0',
      prettyName: 'Say "hi"',
    });
    assert.equal(parseOsRelease('\n# nothing\n'), undefined);
  });

  test('dpkg status: multi-paragraph, Source with and without version, only installed packages', () => {
    const packages = parseDpkgStatus(DPKG_STATUS);
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.sourceName, p.sourceVersion]),
      [
        ['libc6', '2.31-13+deb11u3', 'glibc', '2.31-13+deb11u3'],
        ['zlib1g', '1:1.2.11.dfsg-2+deb11u1', 'zlib', '1:1.2.11.dfsg-2+deb11u1'],
        ['libssl1.1', '1.1.1n-0+deb11u3', 'openssl', '1.1.1n-0+deb11u3'],
        ['openssl', '1.1.1n-0+deb11u3', 'openssl', '1.1.1n-0+deb11u3'],
      ],
    );
    assert.ok(packages.every((p) => p.ecosystem === 'deb'));
    // CRLF line ends and a Source version that differs from the binary's
    const crlf = parseDpkgStatus('Package: bash\r\nStatus: install ok installed\r\nVersion: 5.1-2+b3\r\nSource: bash (5.1-2)\r\n');
    assert.deepEqual(crlf.map((p) => [p.name, p.version, p.sourceName, p.sourceVersion]), [['bash', '5.1-2+b3', 'bash', '5.1-2']]);
    assert.deepEqual(parseDpkgStatus('Package: half\nStatus: install reinstreq half-installed\nVersion: 1\n'), []);
  });

  test('apk installed: P, V, o; records without a blank line between them', () => {
    const packages = parseApkInstalled(APK_INSTALLED);
    assert.deepEqual(
      packages.map((p) => [p.ecosystem, p.name, p.version, p.sourceName]),
      [
        ['apk', 'musl', '1.1.24-r9', 'musl'],
        ['apk', 'libcrypto1.1', '1.1.1g-r0', 'openssl'],
        ['apk', 'libssl1.1', '1.1.1g-r0', 'openssl'],
      ],
    );
    assert.deepEqual(parseApkInstalled('P:a\nV:1-r0\nP:b\nV:2-r0\n').map((p) => p.name), ['a', 'b']);
  });

  test('package.json: name and version required; malformed JSON throws', () => {
    assert.deepEqual(parsePackageJson('\ufeff{"name":"@babel/core","version":"7.22.0"}'), { ecosystem: 'npm', name: '@babel/core', version: '7.22.0' });
    assert.equal(parsePackageJson('{"main":"./ajax.js","types":"./ajax.d.ts"}'), undefined);
    assert.equal(parsePackageJson('{"name":"workspace-root","private":true}'), undefined);
    assert.equal(parsePackageJson('[1,2]'), undefined);
    assert.throws(() => parsePackageJson('{"name":'));
  });

  test('Python METADATA: Name and Version from the headers, names normalised per PEP 503', () => {
    const text = 'Metadata-Version: 2.1\nName: PyYAML\nVersion: 5.3.1\nSummary: YAML parser\n\nName: not-a-header\nVersion: 0\n';
    assert.deepEqual(parsePythonMetadata(text), { ecosystem: 'pypi', name: 'pyyaml', version: '5.3.1' });
    assert.equal(parsePythonMetadata('Name: zope.interface\nVersion: 5.4.0\n')?.name, 'zope-interface');
    assert.equal(parsePythonMetadata('Name: Foo__Bar-.baz\nVersion: 1\n')?.name, 'foo-bar-baz');
    assert.equal(parsePythonMetadata('Summary: no name\n'), undefined);
  });

  test('which paths are read', () => {
    const read = [
      'etc/os-release',
      'usr/lib/os-release',
      'var/lib/dpkg/status',
      'var/lib/dpkg/status.d/libssl3',
      'lib/apk/db/installed',
      'app/node_modules/lodash/package.json',
      'app/node_modules/@babel/core/package.json',
      'app/node_modules/a/node_modules/b/package.json',
      'node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/package.json',
      'usr/lib/python3/dist-packages/PyYAML-5.3.1.dist-info/METADATA',
      'usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO',
      'usr/lib/python3/dist-packages/distro_info-1.0.egg-info',
    ];
    const skipped = [
      'var/lib/dpkg/status.d/libssl3.md5sums',
      'var/lib/dpkg/status-old',
      'app/package.json',
      'app/node_modules/rxjs/ajax/package.json',
      'app/node_modules/@babel/core/lib/package.json',
      'app/node_modules/.bin/package.json',
      'app/node_modules/@scope/package.json',
      'usr/lib/python3/.dist-info/METADATA',
      'etc/os-release.bak',
    ];
    for (const path of read) assert.ok(interestingFileKind(path), path);
    for (const path of skipped) assert.equal(interestingFileKind(path), undefined, path);
  });

  test('entry names: rooted at the image root, never escaping it', () => {
    assert.equal(normaliseEntryPath('./etc/os-release'), 'etc/os-release');
    assert.equal(normaliseEntryPath('/etc/os-release'), 'etc/os-release');
    assert.equal(normaliseEntryPath('etc//x/./y/'), 'etc/x/y');
    assert.equal(normaliseEntryPath('var/lib/../lib/dpkg/status'), 'var/lib/dpkg/status');
    assert.equal(normaliseEntryPath('../etc/passwd'), undefined);
    assert.equal(normaliseEntryPath('a/../../etc/passwd'), undefined);
    assert.equal(normaliseEntryPath('./'), '');
  });

  test('purls', () => {
    assert.deepEqual(parsePackageUrl('pkg:deb/debian/openssl@1.1.1n-0+deb11u3?arch=amd64&distro=debian-11&upstream=openssl'), {
      type: 'deb',
      namespace: 'debian',
      name: 'openssl',
      version: '1.1.1n-0+deb11u3',
      qualifiers: { arch: 'amd64', distro: 'debian-11', upstream: 'openssl' },
    });
    assert.deepEqual(parsePackageUrl('pkg:npm/%40babel/core@7.0.0'), { type: 'npm', namespace: '@babel', name: 'core', version: '7.0.0', qualifiers: {} });
    assert.deepEqual(parsePackageUrl('pkg:npm/@scope/name'), { type: 'npm', namespace: '@scope', name: 'name', qualifiers: {} });
    assert.equal(parsePackageUrl('https://example.invalid/x'), undefined);
  });
});

describe('inventory from layers', () => {
  test('Debian with dpkg status, os-release behind a link, and distroless status.d', async () => {
    const base = await gzipLayer([
      { name: 'etc', type: 'directory' },
      { name: 'etc/os-release', type: 'symlink', target: '../usr/lib/os-release' },
      file('usr/lib/os-release', DEBIAN_OS_RELEASE),
      file('etc/debian_version', '11.6\n'),
      file('var/lib/dpkg/status', DPKG_STATUS),
      file('usr/bin/bash', Buffer.alloc(300_000, 7)),
    ]);
    const distroless = await gzipLayer([
      file('var/lib/dpkg/status.d/libssl3', 'Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSource: openssl\n'),
      file('var/lib/dpkg/status.d/libssl3.md5sums', 'd41d8cd98f00b204e9800998ecf8427e  usr/lib/libssl.so.3\n'),
      file('var/lib/dpkg/status.d/tzdata', 'Package: tzdata\nVersion: 2024a-0+deb12u1\n'),
    ]);
    const inventory = await inventoryFromLayers([base, distroless]);
    assert.deepEqual(inventory.warnings, []);
    assert.equal(inventory.source, 'layers');
    assert.deepEqual(inventory.os, { id: 'debian', versionId: '11', versionCodename: 'bullseye', prettyName: 'Debian GNU/Linux 11 (bullseye)' });
    assert.deepEqual(summary(inventory), [
      'deb:libc6@2.31-13+deb11u3',
      'deb:libssl1.1@1.1.1n-0+deb11u3',
      'deb:libssl3@3.0.11-1~deb12u2',
      'deb:openssl@1.1.1n-0+deb11u3',
      'deb:tzdata@2024a-0+deb12u1',
      'deb:zlib1g@1:1.2.11.dfsg-2+deb11u1',
    ]);
    assert.equal(byName(inventory, 'libc6').layerDigest, base.digest);
    assert.equal(byName(inventory, 'libc6').path, 'var/lib/dpkg/status');
    assert.equal(byName(inventory, 'libssl3').layerDigest, distroless.digest);
    assert.equal(byName(inventory, 'libssl3').sourceName, 'openssl');
    assert.equal(byName(inventory, 'libssl3').path, 'var/lib/dpkg/status.d/libssl3');
  });

  test('Alpine, read from an uncompressed tar and from a zstd layer written by hand', async () => {
    const entries = [
      file('etc/alpine-release', '3.12.0\n'),
      file('etc/os-release', 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.12.0\nPRETTY_NAME="Alpine Linux v3.12"\n'),
      file('lib/apk/db/installed', APK_INSTALLED),
      file('usr/lib/big.so', Buffer.alloc(400_000, 1)),
    ];
    const tarBlob = await tarOf(entries);
    for (const layer of [layerOf(tarBlob, MEDIA_TYPE.tar), layerOf(zstdRawFrame(tarBlob), MEDIA_TYPE.zstd)]) {
      const inventory = await inventoryFromLayers([layer]);
      assert.deepEqual(inventory.warnings, [], layer.mediaType);
      assert.deepEqual(inventory.os, { id: 'alpine', versionId: '3.12.0', prettyName: 'Alpine Linux v3.12' });
      assert.deepEqual(summary(inventory), ['apk:libcrypto1.1@1.1.1g-r0', 'apk:libssl1.1@1.1.1g-r0', 'apk:musl@1.1.24-r9']);
      assert.equal(byName(inventory, 'libssl1.1').sourceName, 'openssl');
    }
  });

  test('zstd streamed in small chunks and several frames; gzip found by magic when the media type says nothing', async () => {
    const tarBlob = await tarOf([file('etc/alpine-release', '3.19.1\n'), file('lib/apk/db/installed', APK_INSTALLED)]);
    const half = Math.floor(tarBlob.length / 2);
    const twoFrames = Buffer.concat([zstdRawFrame(tarBlob.subarray(0, half)), zstdRawFrame(tarBlob.subarray(half))]);
    // Uint8Array chunks, as a stream made from a fetch body carries.
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < twoFrames.length; i += 7) chunks.push(new Uint8Array(twoFrames.subarray(i, i + 7)));
    const zstd = await inventoryFromLayers([{ digest: 'sha256:zstd', mediaType: MEDIA_TYPE.zstd, stream: Readable.from(chunks) }]);
    assert.deepEqual(zstd.warnings, []);
    assert.equal(zstd.os?.versionId, '3.19.1');
    assert.equal(zstd.packages.length, 3);

    const sniffed = await inventoryFromLayers([layerOf(gzipSync(tarBlob), 'application/octet-stream')]);
    assert.deepEqual(sniffed.warnings, []);
    assert.equal(sniffed.packages.length, 3);
  });

  test('node_modules: scoped, nested, pnpm; sub-path and nameless package.json files skipped; long names via PAX', async () => {
    const longDir = `srv/${'deep/'.repeat(30)}node_modules/long-path-pkg`;
    const layer = await gzipLayer([
      file('app/package.json', '{"name":"my-app","version":"1.0.0"}'),
      file('app/node_modules/lodash/package.json', '{"name":"lodash","version":"4.17.15"}'),
      file('app/node_modules/@babel/core/package.json', '{"name":"@babel/core","version":"7.22.0"}'),
      file('app/node_modules/@babel/core/lib/package.json', '{"name":"nested-not-root","version":"0.0.0"}'),
      file('app/node_modules/rxjs/package.json', '{"name":"rxjs","version":"7.8.1"}'),
      file('app/node_modules/rxjs/ajax/package.json', '{"name":"rxjs/ajax","main":"../dist/ajax.js"}'),
      file('app/node_modules/express/node_modules/debug/package.json', '{"name":"debug","version":"2.6.9"}'),
      file('app/node_modules/no-version/package.json', '{"name":"no-version"}'),
      file('app/node_modules/broken/package.json', '{"name": "broken",'),
      file('node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json', '{"name":"ms","version":"2.1.3"}'),
      file(`${longDir}/package.json`, '{"name":"long-path-pkg","version":"0.1.0"}'),
    ]);
    const inventory = await inventoryFromLayers([layer]);
    assert.deepEqual(inventory.warnings, []);
    assert.equal(inventory.os, undefined);
    assert.deepEqual(summary(inventory), [
      'npm:@babel/core@7.22.0',
      'npm:debug@2.6.9',
      'npm:lodash@4.17.15',
      'npm:long-path-pkg@0.1.0',
      'npm:ms@2.1.3',
      'npm:rxjs@7.8.1',
    ]);
    assert.equal(byName(inventory, 'debug').path, 'app/node_modules/express/node_modules/debug/package.json');
    assert.equal(byName(inventory, 'long-path-pkg').path, `${longDir}/package.json`);
  });

  test('Python dist-info, egg-info directory and file; the description after the headers is never buffered', async () => {
    const longDescription = 'x'.repeat(3 * 1024 * 1024);
    const layer = await gzipLayer([
      file(
        'usr/local/lib/python3.11/site-packages/PyYAML-5.3.1.dist-info/METADATA',
        `Metadata-Version: 2.1\nName: PyYAML\nVersion: 5.3.1\nSummary: YAML\n\n${longDescription}`,
      ),
      file('usr/lib/python3/dist-packages/zope.interface-5.4.0.egg-info/PKG-INFO', 'Metadata-Version: 1.1\nName: zope.interface\nVersion: 5.4.0\n'),
      file('usr/lib/python3/dist-packages/distro_info-1.0.egg-info', 'Metadata-Version: 1.1\nName: distro_info\nVersion: 1.0\n'),
    ]);
    const inventory = await inventoryFromLayers([layer], { maxPythonMetadataBytes: 64 * 1024 });
    assert.deepEqual(inventory.warnings, []);
    assert.deepEqual(summary(inventory), ['pypi:distro-info@1.0', 'pypi:pyyaml@5.3.1', 'pypi:zope-interface@5.4.0']);
  });

  test('whiteouts across three layers: file and directory whiteouts, opaque directories, links replacing directories', async () => {
    const status = (names: string[]) => names.map((n) => `Package: ${n}\nStatus: install ok installed\nVersion: 1.0-1\n`).join('\n');
    const first = await gzipLayer([
      file('etc/os-release', DEBIAN_OS_RELEASE),
      file('var/lib/dpkg/status', status(['base-a', 'base-b'])),
      file('app/node_modules/left-pad/package.json', '{"name":"left-pad","version":"1.0.0"}'),
      file('app/node_modules/lodash/package.json', '{"name":"lodash","version":"4.17.15"}'),
      file('app/node_modules/express/package.json', '{"name":"express","version":"4.18.2"}'),
      file('usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA', 'Name: six\nVersion: 1.16.0\n'),
      file('opt/tool/node_modules/tool-dep/package.json', '{"name":"tool-dep","version":"2.0.0"}'),
    ]);
    const second = await gzipLayer([
      whiteout('app/node_modules/left-pad'),
      opaque('usr/lib/python3/dist-packages'),
      // Same layer as the opaque marker: hides lower content only.
      file('usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA', 'Name: requests\nVersion: 2.31.0\n'),
      file('var/lib/dpkg/status', status(['base-a', 'base-b', 'added-c'])),
      // Re-written unchanged (as `chown -R` does): still credited to the first layer.
      file('app/node_modules/express/package.json', '{"name":"express","version":"4.18.2"}'),
    ]);
    const third = await gzipLayer([
      whiteout('opt/tool'),
      file('app/node_modules/left-pad/package.json', '{"name":"left-pad","version":"1.3.0"}'),
      { name: 'app/node_modules/lodash', type: 'symlink', target: '/usr/share/nodejs/lodash' },
      // A whiteout of something that never existed is harmless.
      whiteout('nowhere/at-all'),
    ]);
    const inventory = await inventoryFromLayers(asAsync([first, second, third]));
    assert.deepEqual(inventory.warnings, []);
    assert.deepEqual(summary(inventory), [
      'deb:added-c@1.0-1',
      'deb:base-a@1.0-1',
      'deb:base-b@1.0-1',
      'npm:express@4.18.2',
      'npm:left-pad@1.3.0',
      'pypi:requests@2.31.0',
    ]);
    assert.equal(byName(inventory, 'base-a').layerDigest, first.digest);
    assert.equal(byName(inventory, 'added-c').layerDigest, second.digest);
    assert.equal(byName(inventory, 'express').layerDigest, first.digest);
    assert.equal(byName(inventory, 'left-pad').layerDigest, third.digest);
    assert.equal(byName(inventory, 'requests').layerDigest, second.digest);
    assert.equal(inventory.os?.id, 'debian');

    // A file replacing a lower directory of the same name hides what the directory held.
    const eggDirectory = await gzipLayer([file('usr/lib/python3/dist-packages/foo-1.0.egg-info/PKG-INFO', 'Name: foo\nVersion: 1.0\n')]);
    const eggFile = await gzipLayer([file('usr/lib/python3/dist-packages/foo-1.0.egg-info', 'Name: foo\nVersion: 1.1\n')]);
    assert.deepEqual(summary(await inventoryFromLayers([eggDirectory, eggFile])), ['pypi:foo@1.1']);

    // An opaque root hides everything below it, os-release included.
    const wipe = await gzipLayer([opaque('.'), file('lib/apk/db/installed', 'P:musl\nV:1.2.4-r2\n')]);
    const wiped = await inventoryFromLayers([first, wipe]);
    assert.deepEqual(summary(wiped), ['apk:musl@1.2.4-r2']);
    assert.equal(wiped.os, undefined);
  });

  test('links are never followed: a symlinked or hardlinked package database reads as nothing and hides the lower one', async () => {
    const lower = await gzipLayer([file('var/lib/dpkg/status', DPKG_STATUS), file('etc/os-release', DEBIAN_OS_RELEASE)]);
    const upper = await gzipLayer([
      { name: 'var/lib/dpkg/status', type: 'symlink', target: '/etc/shadow' },
      { name: 'etc/os-release', type: 'link', target: 'etc/shadow' },
    ]);
    const inventory = await inventoryFromLayers([lower, upper]);
    assert.deepEqual(inventory.packages, []);
    assert.equal(inventory.os, undefined);
    assert.deepEqual(inventory.warnings, []);
  });

  test('path traversal: entries climbing out of the root are ignored with a warning; absolute names stay inside', async () => {
    const blob = await tarOf([
      file('../../var/lib/dpkg/status', DPKG_STATUS),
      file('app/../../../lib/apk/db/installed', APK_INSTALLED),
      file('/etc/alpine-release', '3.18.4\n'),
      file('./app/node_modules/../node_modules/ok/package.json', '{"name":"ok","version":"1.0.0"}'),
    ]);
    const inventory = await inventoryFromLayers([layerOf(blob, MEDIA_TYPE.tar)]);
    assert.deepEqual(summary(inventory), ['npm:ok@1.0.0']);
    assert.equal(inventory.os?.versionId, '3.18.4');
    assert.equal(inventory.warnings.length, 2);
    assert.match(inventory.warnings[0], /"\.\.\/\.\.\/var\/lib\/dpkg\/status" climbs out of the image root; ignored/);
    assert.match(inventory.warnings[1], /app\/\.\.\/\.\.\/\.\.\/lib\/apk\/db\/installed/);
  });
});

describe('hostile and broken layers', () => {
  test('gzip bomb: 1 MiB of gzip expanding to 1 GiB is stopped at the decompressed limit', async () => {
    // One tar header, then gzip members of 64 MiB of zeros each: a valid tar.gz of a 1 GiB file.
    const zeros = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const members = [gzipSync(ustarHeader('big.bin', 1024 ** 3, '0')), ...Array<Buffer>(16).fill(zeros)];
    const bomb = Buffer.concat(members);
    assert.ok(bomb.length < 2 * 1024 * 1024, `bomb is ${bomb.length} bytes compressed`);
    const prefix = await tarOf([file('etc/os-release', DEBIAN_OS_RELEASE)]);
    // A layer that starts with a real file, then the bomb (the end-of-archive blocks of the prefix dropped).
    const blob = Buffer.concat([gzipSync(prefix.subarray(0, prefix.length - 1024)), bomb]);
    const limits = withDefaultLimits({ maxDecompressedBytesPerLayer: 32 * 1024 * 1024 });
    const extract = await readLayer(layerOf(blob, MEDIA_TYPE.gzip), limits);
    assert.equal(extract.complete, false);
    assert.ok(extract.decompressedBytes <= 32 * 1024 * 1024 + 64 * 1024, `read ${extract.decompressedBytes}`);
    assert.ok(extract.compressedBytes < blob.length, 'stopped before the end of the compressed data');
    assert.equal(extract.warnings.length, 1);
    assert.match(extract.warnings[0], /stopped after 32 MiB of decompressed data, the limit per layer \(maxDecompressedBytesPerLayer\)/);
    // What came before the bomb is kept.
    assert.equal(extract.files.find((f) => f.path === 'etc/os-release')?.os?.id, 'debian');
  });

  test('zstd bomb (RLE blocks) and a zstd frame asking for a huge window are stopped before they cost memory', async () => {
    const header = ustarHeader('big.bin', 2 * 1024 ** 3, '0');
    const bomb = Buffer.concat([zstdRawFrame(header), zstdRleBomb(16 * 1024)]); // 2 GiB from 64 KiB
    const limits = withDefaultLimits({ maxDecompressedBytesPerLayer: 16 * 1024 * 1024 });
    const stopped = await readLayer(layerOf(bomb, MEDIA_TYPE.zstd), limits);
    assert.equal(stopped.complete, false);
    assert.match(stopped.warnings.join('\n'), /maxDecompressedBytesPerLayer/);

    const hugeWindow = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8, 0x01, 0x00, 0x00]);
    const refused = await readLayer(layerOf(hugeWindow, MEDIA_TYPE.zstd), withDefaultLimits());
    assert.equal(refused.complete, false);
    assert.match(refused.warnings[0], /zstd frame asks for a .* window, over the 128 MiB limit \(maxZstdWindowBytes\)/);

    const notZstd = await readLayer(layerOf(Buffer.from('definitely not zstd'), MEDIA_TYPE.zstd), withDefaultLimits());
    assert.match(notZstd.warnings[0], /not zstd data/);
  });

  test('truncated gzip: a warning and the files read before the cut', async () => {
    const blob = gzipSync(
      await tarOf([
        file('etc/os-release', DEBIAN_OS_RELEASE),
        file('var/lib/dpkg/status', DPKG_STATUS),
        file('usr/share/noise.bin', Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251))),
        file('app/node_modules/late/package.json', '{"name":"late","version":"1.0.0"}'),
      ]),
    );
    const inventory = await inventoryFromLayers([layerOf(blob.subarray(0, Math.floor(blob.length * 0.6)), MEDIA_TYPE.gzip)]);
    assert.equal(inventory.os?.id, 'debian');
    assert.equal(inventory.packages.filter((p) => p.ecosystem === 'deb').length, 4);
    assert.equal(inventory.packages.find((p) => p.name === 'late'), undefined);
    assert.equal(inventory.warnings.length, 1);
    assert.match(inventory.warnings[0], /layer sha256:[0-9a-f]{12}: stopped: corrupt or truncated gzip data \(unexpected end of file\)/);

    const notGzip = await inventoryFromLayers([layerOf(Buffer.from('plain text, not gzip at all'), MEDIA_TYPE.gzip)]);
    assert.match(notGzip.warnings[0], /corrupt or truncated gzip data \(incorrect header check\)/);
  });

  test('corrupt tar: a bad header checksum stops the layer with a warning, earlier files kept', async () => {
    const good = await tarOf([file('etc/os-release', DEBIAN_OS_RELEASE)]);
    const corrupt = ustarHeader('var/lib/dpkg/status', 10, '0');
    corrupt[0] ^= 0xff;
    const blob = Buffer.concat([good.subarray(0, good.length - 1024), corrupt, Buffer.alloc(1536)]);
    const inventory = await inventoryFromLayers([layerOf(blob, MEDIA_TYPE.tar)]);
    assert.equal(inventory.os?.id, 'debian');
    assert.match(inventory.warnings.join('\n'), /corrupt or truncated tar archive/);

    const truncated = await inventoryFromLayers([layerOf(good.subarray(0, 700), MEDIA_TYPE.tar)]);
    assert.match(truncated.warnings.join('\n'), /corrupt or truncated tar archive \(Unexpected end of data\)/);
  });

  test('a PAX header claiming 8 GiB is not buffered: stopped by maxBytesWithoutEntry', async () => {
    async function* hostile() {
      yield ustarHeader('PaxHeader/x', 8 * 1024 ** 3 - 1, 'x');
      for (let i = 0; i < 64; i++) yield Buffer.alloc(64 * 1024, 0x61);
    }
    const layer: LayerInput = { digest: 'sha256:pax', mediaType: MEDIA_TYPE.tar, stream: Readable.from(hostile()) };
    const extract = await readLayer(layer, withDefaultLimits({ maxBytesWithoutEntry: 1024 * 1024 }));
    assert.equal(extract.complete, false);
    assert.match(extract.warnings[0], /of tar data without a file entry, over the 1 MiB limit \(maxBytesWithoutEntry/);
    assert.ok(extract.decompressedBytes < 2 * 1024 * 1024);
  });

  test('entry, compressed-size, file-size and total limits', async () => {
    const manyEntries = gzipSync(await tarOf(Array.from({ length: 50 }, (_, i) => file(`f/${i}`, 'x'))));
    const entries = await readLayer(layerOf(manyEntries, MEDIA_TYPE.gzip), withDefaultLimits({ maxEntriesPerLayer: 10 }));
    assert.match(entries.warnings[0], /stopped after 10 entries, the limit per layer \(maxEntriesPerLayer\)/);
    assert.equal(entries.entries, 11);

    const compressed = await readLayer(layerOf(manyEntries, MEDIA_TYPE.gzip), withDefaultLimits({ maxCompressedBytesPerLayer: 100 }));
    assert.match(compressed.warnings[0], /larger than the 100 B limit per layer \(maxCompressedBytesPerLayer\)/);

    const bigStatus = await inventoryFromLayers(
      [await gzipLayer([file('var/lib/dpkg/status', DPKG_STATUS.repeat(20)), file('etc/os-release', DEBIAN_OS_RELEASE)])],
      { maxPackageDatabaseBytes: 4096 },
    );
    assert.equal(bigStatus.os?.id, 'debian', 'the rest of the layer is still read');
    assert.deepEqual(bigStatus.packages, []);
    assert.match(bigStatus.warnings[0], /var\/lib\/dpkg\/status is 1[0-9.]+ KiB, over the 4 KiB limit for this file \(maxPackageDatabaseBytes\); not read/);

    const layerOfSize = async (name: string) => gzipLayer([file(`${name}/node_modules/${name}/package.json`, `{"name":"${name}","version":"1.0.0"}`), file(`${name}/pad`, Buffer.alloc(3 * 1024 * 1024))]);
    const total = await inventoryFromLayers([await layerOfSize('one'), await layerOfSize('two'), await layerOfSize('three')], { maxDecompressedBytesTotal: 4 * 1024 * 1024 }, { concurrency: 1 });
    assert.deepEqual(summary(total), ['npm:one@1.0.0', 'npm:two@1.0.0']);
    assert.match(total.warnings.join('\n'), /passed the 4 MiB total decompressed limit \(maxDecompressedBytesTotal\)/);
    assert.match(total.warnings.join('\n'), /layers after the first 2 were not read/);
  });

  test('stream errors, failing layer sources and non-layer blobs become warnings', async () => {
    async function* failing() {
      yield gzipSync(await tarOf([file('etc/os-release', DEBIAN_OS_RELEASE)])).subarray(0, 20);
      throw new Error('connection reset by peer');
    }
    const broken: LayerInput = { digest: 'sha256:broken', mediaType: MEDIA_TYPE.gzip, stream: Readable.from(failing()) };
    const sbomBlob: LayerInput = { digest: 'sha256:sbom', mediaType: 'application/vnd.in-toto+json', stream: Readable.from([Buffer.from('{}')]) };
    async function* source() {
      yield broken;
      yield sbomBlob;
      throw new Error('registry answered 500');
    }
    const inventory = await inventoryFromLayers(source());
    assert.deepEqual(inventory.packages, []);
    const reused = await readLayer(broken, withDefaultLimits());
    assert.match(reused.warnings[0], /not read: its stream was already consumed or closed/);
    assert.equal(inventory.warnings.length, 3);
    assert.match(inventory.warnings[0], /layer sha256:broken: stopped: reading the layer failed \(connection reset by peer\)/);
    assert.match(inventory.warnings[1], /application\/vnd\.in-toto\+json is metadata, not a filesystem layer; not read/);
    assert.match(inventory.warnings[2], /could not get layer 3: registry answered 500; later layers not read/);
  });
});

describe('SBOM attestation', () => {
  const spdxPackage = (name: string, version: string, purl?: string, purpose?: string) => ({
    name,
    SPDXID: `SPDXRef-${name}`,
    versionInfo: version,
    ...(purpose ? { primaryPackagePurpose: purpose } : {}),
    externalRefs: purl ? [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }] : [],
  });
  const statement = {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://spdx.dev/Document',
    subject: [{ name: 'pkg:docker/demo/debian11@vuln?platform=linux%2Famd64', digest: { sha256: 'ab'.repeat(32) } }],
    predicate: {
      spdxVersion: 'SPDX-2.3',
      name: 'sbom',
      packages: [
        spdxPackage('debian', '11', undefined, 'OPERATING-SYSTEM'),
        spdxPackage('openssl', '1.1.1n-0+deb11u3', 'pkg:deb/debian/openssl@1.1.1n-0+deb11u3?arch=amd64&distro=debian-11&upstream=openssl'),
        spdxPackage('libc6', '2.31-13+deb11u3', 'pkg:deb/debian/libc6@2.31-13%2Bdeb11u3?arch=amd64&upstream=glibc&distro=debian-11'),
        spdxPackage('zlib1g', '1:1.2.11.dfsg-2+deb11u1', 'pkg:deb/debian/zlib1g@1.2.11.dfsg-2%2Bdeb11u1?arch=amd64&epoch=1&upstream=zlib%401%3A1.2.11.dfsg-2%2Bdeb11u1&distro=debian-11'),
        spdxPackage('@babel/core', '7.22.0', 'pkg:npm/%40babel/core@7.22.0'),
        spdxPackage('PyYAML', '5.3.1', 'pkg:pypi/PyYAML@5.3.1'),
        spdxPackage('golang.org/x/net', 'v0.17.0', 'pkg:golang/golang.org/x/net@v0.17.0'),
        spdxPackage('openssl', '1.1.1n-0+deb11u3', 'pkg:deb/debian/openssl@1.1.1n-0+deb11u3?arch=amd64&distro=debian-11&upstream=openssl'),
      ],
    },
  };

  test('packages from purls, OS from the operating-system package', () => {
    const inventory = inventoryFromAttestation(JSON.stringify(statement));
    assert.equal(inventory.source, 'sbom');
    assert.deepEqual(inventory.warnings, []);
    assert.deepEqual(inventory.os, { id: 'debian', versionId: '11' });
    assert.deepEqual(inventory.packages, [
      { ecosystem: 'deb', name: 'libc6', version: '2.31-13+deb11u3', sourceName: 'glibc', sourceVersion: '2.31-13+deb11u3' },
      { ecosystem: 'deb', name: 'openssl', version: '1.1.1n-0+deb11u3', sourceName: 'openssl', sourceVersion: '1.1.1n-0+deb11u3' },
      { ecosystem: 'deb', name: 'zlib1g', version: '1:1.2.11.dfsg-2+deb11u1', sourceName: 'zlib', sourceVersion: '1:1.2.11.dfsg-2+deb11u1' },
      { ecosystem: 'npm', name: '@babel/core', version: '7.22.0' },
      { ecosystem: 'pypi', name: 'pyyaml', version: '5.3.1' },
    ]);
  });

  test('OS from the distro qualifier; DSSE envelopes; malformed and non-SBOM statements', () => {
    const alpine = {
      ...statement,
      predicate: {
        spdxVersion: 'SPDX-2.3',
        packages: [spdxPackage('musl', '1.1.24-r9', 'pkg:apk/alpine/musl@1.1.24-r9?arch=x86_64&upstream=musl&distro=alpine-3.12.0'), spdxPackage('libssl1.1', '1.1.1g-r0', 'pkg:apk/alpine/libssl1.1@1.1.1g-r0?arch=x86_64&upstream=openssl&distro=alpine-3.12.0')],
      },
    };
    const envelope = { payloadType: 'application/vnd.in-toto+json', payload: Buffer.from(JSON.stringify(alpine)).toString('base64'), signatures: [] };
    const inventory = inventoryFromAttestation(Buffer.from(JSON.stringify(envelope)));
    assert.deepEqual(inventory.os, { id: 'alpine', versionId: '3.12.0' });
    assert.deepEqual(inventory.packages.map((p) => [p.name, p.sourceName]), [['libssl1.1', 'openssl'], ['musl', 'musl']]);

    assert.match(inventoryFromAttestation('{"predicateType":').warnings[0], /SBOM attestation not read: malformed JSON/);
    const provenance = inventoryFromAttestation({ _type: 'https://in-toto.io/Statement/v0.1', predicateType: 'https://slsa.dev/provenance/v0.2', predicate: {} });
    assert.match(provenance.warnings[0], /predicate type "https:\/\/slsa\.dev\/provenance\/v0\.2" is not an SPDX document/);
    assert.deepEqual(inventoryFromAttestation(null).packages, []);
  });
});

describe('config findings', () => {
  const config = (overrides: Partial<ImageConfigSummary>): ImageConfigSummary => ({ exposedPorts: [], env: [], labels: {}, history: [], ...overrides });

  test('secret-looking env entries, with values redacted', () => {
    const findings = configFindings(
      config({
        env: [
          'PATH=/usr/local/sbin:/usr/local/bin',
          'DB_PASSWORD=s3cr3t-Pa55word!',
          'API_TOKEN=changeme',
          'PASSWORD_FILE=/run/secrets/db',
          'GITHUB=ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
          'DATABASE_URL=postgres://app:hunter2hunter2@db:5432/app',
          'NODE_VERSION=20.11.1',
        ],
      }),
    );
    assert.deepEqual(findings.secretEnv, [
      { name: 'DB_PASSWORD', redactedValue: 's3cr…', reason: 'secret-like name' },
      { name: 'GITHUB', redactedValue: 'ghp_…', reason: 'GitHub token' },
      { name: 'DATABASE_URL', redactedValue: 'postgres://app:hunt…@db:5432/app', reason: 'password in URL' },
    ]);
    assert.ok(!JSON.stringify(findings).includes('hunter2hunter2'));
  });

  test('root user and exposed ports', () => {
    for (const user of [undefined, '', 'root', '0', '0:0', '0:1000', 'root:staff']) {
      assert.equal(configFindings(config({ user })).runsAsRoot, true, String(user));
    }
    for (const user of ['1000', 'node', '1000:0', 'nobody:nogroup']) {
      assert.equal(configFindings(config({ user })).runsAsRoot, false, user);
    }
    const findings = configFindings(config({ user: 'node', exposedPorts: ['8080/tcp', '443/tcp', '53/udp'] }));
    assert.equal(findings.user, 'node');
    assert.deepEqual(findings.exposedPorts, ['53/udp', '443/tcp', '8080/tcp']);
  });
});

describe('throughput', () => {
  test('a generated layer of more than 200 MB, uncompressed and gzip (reported, not asserted)', async (t) => {
    for (const gzip of [false, true]) {
      const generated = await generatedLayer({ bigFiles: 48, smallBlocks: 5, gzip });
      assert.ok(generated.uncompressedBytes >= 200 * 1000 * 1000);
      const layer: LayerInput = { digest: `sha256:${gzip ? 'gzip' : 'tar'}`, mediaType: gzip ? MEDIA_TYPE.gzip : MEDIA_TYPE.tar, stream: Readable.from(generated.chunks()) };
      const started = process.hrtime.bigint();
      const inventory = await inventoryFromLayers([layer]);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      assert.deepEqual(inventory.warnings, []);
      assert.equal(inventory.packages.length, generated.packageCount);
      const mb = generated.uncompressedBytes / 1e6;
      t.diagnostic(
        `${gzip ? 'gzip' : 'uncompressed tar'}: ${mb.toFixed(0)} MB of tar (${(generated.compressedBytes / 1e6).toFixed(0)} MB as stored) ` +
          `read in ${seconds.toFixed(2)} s = ${(mb / seconds).toFixed(0)} MB/s of tar`,
      );
    }
  });
});
