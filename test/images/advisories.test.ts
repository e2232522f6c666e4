import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import {
  AdvisoryDatabase,
  advisorySeverity,
  cvss3BaseScore,
  ecosystemDownloadUrl,
  evaluateAffected,
  loadAdvisoryDatabase,
  matchInventory,
  matchPinnedPackages,
  osEcosystems,
  parseOsvRecord,
  readDatabaseMetadata,
  updateDatabase,
  type OsvAffected,
  type OsvRecord,
} from '../../server/src/images/advisories';
import { InvalidVersionError } from '../../server/src/images/versions';
import type { InstalledPackage, Inventory, VulnerabilityMatch } from '../../server/src/images/types';

// The test runs from out/test/images; the fixtures stay in the source tree.
const FIXTURES = resolve(__dirname, '../../../test/images/fixtures/osv');

function record(id: string, affected: OsvAffected[], extra: Partial<OsvRecord> = {}): OsvRecord {
  return { id, modified: '2024-01-01T00:00:00Z', affected, ...extra };
}

function pkg(ecosystem: string, name: string, events: Record<string, string>[], rangeType = 'ECOSYSTEM'): OsvAffected {
  return { package: { ecosystem, name }, ranges: [{ type: rangeType, events }] };
}

/** Compact view of matches for assertions: `id package installed→fixed`. */
function summarize(matches: VulnerabilityMatch[]): string[] {
  return matches.map((m) => `${m.id} ${m.package.name} ${m.package.sourceVersion ?? m.package.version}→${m.fixedVersion ?? 'unfixed'}`).sort();
}

// ---------------------------------------------------------------------------------------------------------------
// A small zip writer, so the reader is tested against archives whose every byte the test controls.

interface ZipInput {
  name: string;
  data: Buffer;
  deflate?: boolean;
  /** Lie in the central directory (zip bombs, corruption). */
  declaredSize?: number;
  badCrc?: boolean;
  encrypted?: boolean;
}

function buildZip(files: ZipInput[], options: { zip64?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const body = file.deflate ? deflateRawSync(file.data) : file.data;
    const crc = file.badCrc ? (crc32(file.data) ^ 1) >>> 0 : crc32(file.data);
    const size = file.declaredSize ?? file.data.length;
    const flags = file.encrypted ? 1 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(file.deflate ? 8 : 0, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);

    const extra = options.zip64 ? Buffer.alloc(28) : Buffer.alloc(0);
    if (options.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(options.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(file.deflate ? 8 : 0, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(options.zip64 ? 0xffffffff : body.length, 20);
    central.writeUInt32LE(options.zip64 ? 0xffffffff : size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 42);
    centrals.push(central, name, extra);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (options.zip64) {
    const record64 = Buffer.alloc(56);
    record64.writeUInt32LE(0x06064b50, 0);
    record64.writeBigUInt64LE(44n, 4);
    record64.writeUInt16LE(45, 12);
    record64.writeUInt16LE(45, 14);
    record64.writeBigUInt64LE(BigInt(files.length), 24);
    record64.writeBigUInt64LE(BigInt(files.length), 32);
    record64.writeBigUInt64LE(BigInt(directory.length), 40);
    record64.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record64, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.zip64 ? 0xffff : files.length, 8);
  end.writeUInt16LE(options.zip64 ? 0xffff : files.length, 10);
  end.writeUInt32LE(options.zip64 ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, directory, ...tail, end]);
}

async function fixtureFiles(folder: string): Promise<ZipInput[]> {
  const names = (await readdir(join(FIXTURES, folder))).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => ({ name: n, data: await readFile(join(FIXTURES, folder, n)), deflate: true })));
}

let workDir: string;
let fixtureDb: AdvisoryDatabase;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'drydock-advisories-'));
  fixtureDb = await loadAdvisoryDatabase(FIXTURES);
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------

describe('OSV records', () => {
  it('refuses records without id or modified and keeps the readable parts of the rest', () => {
    assert.deepEqual(parseOsvRecord([]), { error: 'not a JSON object' });
    assert.deepEqual(parseOsvRecord({ modified: 'x' }), { error: 'no "id"' });
    assert.match((parseOsvRecord({ id: 'X-1' }) as { error: string }).error, /X-1: no "modified"/);
    const parsed = parseOsvRecord({
      id: 'X-2',
      modified: '2024-01-01T00:00:00Z',
      aliases: ['CVE-1', 3],
      severity: [{ type: 'CVSS_V3' }, { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { bogus: '1' }, { fixed: '1.0.0' }] }] }, 'junk'],
    });
    assert.ok('record' in parsed);
    assert.equal(parsed.record.aliases, undefined, 'a non-string alias makes the list unusable');
    assert.equal(parsed.record.severity?.length, 1);
    assert.deepEqual(parsed.record.affected?.[0].ranges?.[0].events, [{ introduced: '0' }, { fixed: '1.0.0' }]);
    assert.equal(parsed.record.affected?.length, 1);
  });
});

describe('range evaluation', () => {
  const debian = (events: Record<string, string>[], versions?: string[]): OsvAffected => ({ ...pkg('Debian:12', 'openssl', events), ...(versions ? { versions } : {}) });

  it('introduced/fixed: below, at and above the fix (dpkg rules, `~` included)', () => {
    const affected = debian([{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }]);
    assert.deepEqual(evaluateAffected(affected, 'Debian:12', '3.0.11-1~deb12u1'), { affected: true, fixedVersion: '3.0.11-1~deb12u2' });
    assert.deepEqual(evaluateAffected(affected, 'Debian:12', '3.0.9-1'), { affected: true, fixedVersion: '3.0.11-1~deb12u2' });
    assert.deepEqual(evaluateAffected(affected, 'Debian:12', '3.0.11-1~deb12u2'), { affected: false });
    assert.deepEqual(evaluateAffected(affected, 'Debian:12', '3.0.11-1'), { affected: false }, '`~deb12u2` sorts before the unsuffixed revision');
  });

  it('several windows in one range, listed out of order', () => {
    const affected = debian([{ fixed: '2.0' }, { introduced: '1.5' }, { fixed: '1.0' }, { introduced: '0' }]);
    assert.deepEqual(evaluateAffected(affected, 'Debian:12', '0.9'), { affected: true, fixedVersion: '1.0' });
    assert.deepEqual(evaluateAffected(affected, 'Debian:12', '1.2'), { affected: false });
    assert.deepEqual(evaluateAffected(affected, 'Debian:12', '1.7'), { affected: true, fixedVersion: '2.0' });
    assert.deepEqual(evaluateAffected(affected, 'Debian:12', '2.1'), { affected: false });
  });

  it('last_affected includes its own version and has no fix; limit caps a range', () => {
    const last = pkg('npm', 'lodash.template', [{ introduced: '0' }, { last_affected: '4.5.0' }], 'SEMVER');
    assert.deepEqual(evaluateAffected(last, 'npm', '4.5.0'), { affected: true });
    assert.deepEqual(evaluateAffected(last, 'npm', '4.5.1'), { affected: false });
    const limited = debian([{ introduced: '1.0' }, { limit: '2.0' }]);
    assert.deepEqual(evaluateAffected(limited, 'Debian:12', '1.5'), { affected: true });
    assert.deepEqual(evaluateAffected(limited, 'Debian:12', '2.0'), { affected: false });
    assert.deepEqual(evaluateAffected(debian([{ introduced: '1.0' }, { limit: '*' }]), 'Debian:12', '9.9'), { affected: true });
  });

  it('versions[] counts on its own; GIT ranges are ignored', () => {
    const listed: OsvAffected = { package: { ecosystem: 'PyPI', name: 'x' }, versions: ['1.0', '1.1'], ranges: [{ type: 'GIT', repo: 'https://example.invalid/x', events: [{ introduced: 'abc' }, { fixed: 'def' }] }] };
    assert.deepEqual(evaluateAffected(listed, 'PyPI', '1.1'), { affected: true });
    assert.deepEqual(evaluateAffected(listed, 'PyPI', '1.1.0'), { affected: true }, 'PEP 440 equality: 1.1 == 1.1.0');
    assert.deepEqual(evaluateAffected(listed, 'PyPI', '1.2'), { affected: false });
    const withFix: OsvAffected = { ...listed, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0' }, { fixed: '2.5' }] }] };
    assert.deepEqual(evaluateAffected(withFix, 'PyPI', '1.0'), { affected: true, fixedVersion: '2.5' });
  });

  it('an event the scheme cannot read is an error, not a guess', () => {
    assert.throws(() => evaluateAffected(pkg('npm', 'a', [{ introduced: '0' }, { fixed: 'soon' }], 'SEMVER'), 'npm', '1.0.0'), InvalidVersionError);
  });

  it('apk and rpm ecosystems use their own rules', () => {
    const alpine = pkg('Alpine:v3.19', 'musl', [{ introduced: '0' }, { fixed: '1.2.4_git20230717-r5' }]);
    assert.equal(evaluateAffected(alpine, 'Alpine:v3.19', '1.2.4_git20230717-r4').affected, true);
    assert.equal(evaluateAffected(alpine, 'Alpine:v3.19', '1.2.4-r0').affected, true, '_git is a post-release suffix');
    assert.equal(evaluateAffected(alpine, 'Alpine:v3.19', '1.2.5-r0').affected, false);
    const rocky = pkg('Rocky Linux:9', 'openssl', [{ introduced: '0' }, { fixed: '1:3.0.7-25.el9_3' }]);
    assert.equal(evaluateAffected(rocky, 'Rocky Linux:9', '1:3.0.7-24.el9').affected, true);
    assert.equal(evaluateAffected(rocky, 'Rocky Linux:9', '1:3.0.7-27.el9').affected, false);
  });
});

describe('severity', () => {
  it('computes CVSS v3 base scores', () => {
    const cases: [string, number][] = [
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H', 7.4],
      ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 7.2],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
      ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
      ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', 5.5],
      ['CVSS:3.0/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6],
      ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
    ];
    for (const [vector, score] of cases) assert.equal(cvss3BaseScore(vector), score, vector);
    for (const bad of ['AV:N/AC:L', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H']) {
      assert.equal(cvss3BaseScore(bad), undefined, bad);
    }
  });

  it('prefers the publisher\'s words, then the CVSS v3 score', () => {
    const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
    assert.deepEqual(advisorySeverity(record('A', [], { database_specific: { severity: 'MODERATE' }, severity: [{ type: 'CVSS_V3', score: vector }] })), { severity: 'medium', cvss: vector });
    const affected: OsvAffected = { package: { ecosystem: 'Debian:12', name: 'x' }, ecosystem_specific: { urgency: 'unimportant' } };
    assert.equal(advisorySeverity(record('B', [affected]), affected).severity, 'low');
    assert.equal(advisorySeverity(record('C', [], { severity: [{ type: 'Ubuntu', score: 'high' }] })).severity, 'high');
    assert.deepEqual(advisorySeverity(record('D', [], { severity: [{ type: 'CVSS_V3', score: vector }] })), { severity: 'critical', cvss: vector });
    assert.deepEqual(advisorySeverity(record('E', [])), { severity: 'unknown' });
  });
});

describe('advisory database', () => {
  it('loads the fixture directory (any nesting) and indexes by ecosystem and package', () => {
    assert.equal(fixtureDb.size, 25);
    assert.deepEqual(fixtureDb.warnings, []);
    assert.deepEqual(fixtureDb.ecosystems(), ['Alpine:v3.12', 'Alpine:v3.18', 'Alpine:v3.19', 'Debian:11', 'Debian:12', 'PyPI', 'npm']);
    assert.deepEqual(fixtureDb.lookup('Debian:11', 'openssl').map((e) => e.record.id).sort(), ['DSA-5103-1', 'DSA-5139-1', 'DSA-5343-1']);
    assert.deepEqual(fixtureDb.lookup('PyPI', 'pyyaml').map((e) => e.record.id).sort(), ['GHSA-6757-jp84-gxfx', 'GHSA-8q59-q68h-6hv4'], 'PyPI names are normalised');
    assert.equal(fixtureDb.get('DSA-5343-1')?.details, undefined, 'long text is dropped unless asked for');
  });

  it('keeps the newest copy of a record, skips withdrawn ones, filters ecosystems', () => {
    const affected = [pkg('npm', 'a', [{ introduced: '0' }])];
    const db = AdvisoryDatabase.fromRecords([
      record('X-1', affected, { modified: '2024-02-01T00:00:00Z', summary: 'new' }),
      record('X-1', affected, { modified: '2024-01-01T00:00:00Z', summary: 'old' }),
      record('X-2', affected, { withdrawn: '2024-03-01T00:00:00Z' }),
    ]);
    assert.equal(db.get('X-1')?.summary, 'new');
    assert.deepEqual(db.lookup('npm', 'a').map((e) => e.record.id), ['X-1']);
    const filtered = AdvisoryDatabase.fromRecords([record('D', [pkg('Debian:12', 'x', [])]), record('N', affected)], { ecosystems: ['Debian'] });
    assert.deepEqual([filtered.get('D')?.id, filtered.get('N')?.id], ['D', undefined]);
  });

  it('turns bad files into warnings and does not follow symbolic links', async () => {
    const dir = join(workDir, 'messy');
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    await writeFile(join(dir, 'a', 'b', 'good.json'), JSON.stringify(record('G-1', [pkg('npm', 'g', [{ introduced: '0' }])])));
    await writeFile(join(dir, 'a', 'broken.json'), '{"id": ');
    await writeFile(join(dir, 'a', 'noid.json'), '{"modified": "2024-01-01T00:00:00Z"}');
    await writeFile(join(dir, 'big.json'), `{"id":"BIG","modified":"x","pad":"${'x'.repeat(2048)}"}`);
    await writeFile(join(dir, 'metadata.json'), '{"not": "an advisory"}');
    await writeFile(join(dir, 'README.md'), 'ignored');
    await symlink(FIXTURES, join(dir, 'loop'));
    const db = await loadAdvisoryDatabase(dir, { limits: { maxJsonBytes: 1024 } });
    assert.equal(db.size, 1);
    assert.equal(db.warnings.length, 3, db.warnings.join('\n'));
    assert.match(db.warnings.join('\n'), /broken\.json: invalid JSON/);
    assert.match(db.warnings.join('\n'), /noid\.json: no "id"/);
    assert.match(db.warnings.join('\n'), /big\.json: .* over the limit of 1024/);
    await assert.rejects(loadAdvisoryDatabase(join(dir, 'missing')), /ENOENT/);
  });
});

describe('OSV all.zip', () => {
  it('reads deflated and stored entries, plain and ZIP64', async () => {
    const files = [...(await fixtureFiles('Debian')), { name: 'nested/dir/', data: Buffer.alloc(0) }, { name: 'notes.txt', data: Buffer.from('skip') }];
    files[0] = { ...files[0], deflate: false };
    for (const zip64 of [false, true]) {
      const path = join(workDir, `debian${zip64 ? '64' : ''}.zip`);
      await writeFile(path, buildZip(files, { zip64 }));
      const db = await loadAdvisoryDatabase(path);
      assert.equal(db.size, 13, `zip64=${zip64}`);
      assert.deepEqual(db.warnings, []);
    }
  });

  it('refuses corrupt entries one by one, and unreadable archives outright', async () => {
    const good = { name: 'ok.json', data: Buffer.from(JSON.stringify(record('OK-1', []))), deflate: true };
    const bomb = { name: 'bomb.json', data: Buffer.alloc(4 * 1024 * 1024, 0x20), deflate: true };
    const path = join(workDir, 'bad-entries.zip');
    await writeFile(path, buildZip([good, { ...good, name: 'crc.json', badCrc: true }, bomb, { ...good, name: 'secret.json', encrypted: true }, { ...good, name: 'lies.json', declaredSize: 10 }]));
    const db = await loadAdvisoryDatabase(path, { limits: { maxEntryBytes: 1024 * 1024 } });
    assert.equal(db.size, 1);
    const warnings = db.warnings.join('\n');
    assert.match(warnings, /crc\.json: zip: CRC mismatch/);
    assert.match(warnings, /bomb\.json: zip: .*over the limit of 1048576/);
    assert.match(warnings, /secret\.json: zip: .* is encrypted/);
    assert.match(warnings, /lies\.json: zip: cannot inflate|lies\.json: zip: .*inflated to/);

    const ratio = join(workDir, 'ratio.zip');
    await writeFile(ratio, buildZip([{ ...bomb, deflate: false }]));
    const zeroes = await loadAdvisoryDatabase(ratio, { limits: { maxRatio: 10 } });
    assert.doesNotMatch(zeroes.warnings.join('\n'), /expands/, 'a stored entry cannot be a bomb: it is as big as its bytes');
    await writeFile(ratio, buildZip([bomb]));
    assert.match((await loadAdvisoryDatabase(ratio, { limits: { maxRatio: 10 } })).warnings.join('\n'), /expands \d+× \(limit 10×\)/);

    const truncated = join(workDir, 'truncated.zip');
    const whole = buildZip([good]);
    await writeFile(truncated, whole.subarray(0, whole.length - 10));
    await assert.rejects(loadAdvisoryDatabase(truncated), /no end-of-central-directory record/);
    const many = join(workDir, 'many.zip');
    await writeFile(many, buildZip([good, { ...good, name: 'b.json' }, { ...good, name: 'c.json' }]));
    await assert.rejects(loadAdvisoryDatabase(many, { limits: { maxEntries: 2 } }), /3 entries exceed the limit of 2/);
    await assert.rejects(loadAdvisoryDatabase(many, { limits: { maxTotalBytes: 100 } }), /more than 100 bytes uncompressed/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

function deb(name: string, version: string, sourceName?: string, sourceVersion?: string): InstalledPackage {
  return { ecosystem: 'deb', name, version, ...(sourceName ? { sourceName } : {}), ...(sourceVersion ? { sourceVersion } : {}) };
}
function apk(name: string, version: string, origin: string): InstalledPackage {
  return { ecosystem: 'apk', name, version, sourceName: origin };
}

describe('matchInventory', () => {
  it('maps OS releases to OSV ecosystems', () => {
    assert.deepEqual(osEcosystems({ id: 'debian', versionId: '12' }), ['Debian:12']);
    assert.deepEqual(osEcosystems({ id: 'debian', versionCodename: 'bullseye' }), ['Debian:11']);
    assert.deepEqual(osEcosystems({ id: 'alpine', versionId: '3.19.1' }), ['Alpine:v3.19']);
    assert.deepEqual(osEcosystems({ id: 'ubuntu', versionId: '22.04' }), ['Ubuntu:22.04:LTS', 'Ubuntu:22.04']);
    assert.deepEqual(osEcosystems({ id: 'rocky', versionId: '9.3' }), ['Rocky Linux:9']);
    assert.deepEqual(osEcosystems({ id: 'gentoo' }), []);
  });

  it('Debian 11: source packages, fixed versions, an unfixed CVE, npm and PyPI', () => {
    const inventory: Inventory = {
      os: { id: 'debian', versionId: '11', versionCodename: 'bullseye' },
      source: 'layers',
      warnings: [],
      packages: [
        deb('libc6', '2.31-13+deb11u3', 'glibc'),
        deb('zlib1g', '1:1.2.11.dfsg-2+deb11u1', 'zlib', '1:1.2.11.dfsg-2+deb11u1'),
        deb('libssl1.1', '1.1.1n-0+deb11u3', 'openssl'),
        deb('openssl', '1.1.1n-0+deb11u3'),
        deb('libcurl4', '7.74.0-1.3+deb11u3', 'curl'),
        deb('bash', '5.1-2+deb11u1'),
        { ecosystem: 'npm', name: 'lodash', version: '4.17.15' },
        { ecosystem: 'pypi', name: 'PyYAML', version: '5.3.1' },
      ],
    };
    const warnings: string[] = [];
    const matches = matchInventory(inventory, fixtureDb, { onWarning: (w) => warnings.push(w) });
    assert.deepEqual(warnings, []);
    assert.deepEqual(summarize(matches), [
      'DEBIAN-CVE-2023-45853 zlib1g 1:1.2.11.dfsg-2+deb11u1→unfixed',
      'DSA-5218-1 zlib1g 1:1.2.11.dfsg-2+deb11u1→1:1.2.11.dfsg-2+deb11u2',
      'DSA-5343-1 libssl1.1 1.1.1n-0+deb11u3→1.1.1n-0+deb11u4',
      'DSA-5343-1 openssl 1.1.1n-0+deb11u3→1.1.1n-0+deb11u4',
      'DSA-5365-1 libcurl4 7.74.0-1.3+deb11u3→7.74.0-1.3+deb11u7',
      'DSA-5587-1 libcurl4 7.74.0-1.3+deb11u3→7.74.0-1.3+deb11u11',
      'DSA-5673-1 libc6 2.31-13+deb11u3→2.31-13+deb11u9',
      'DSA-5678-1 libc6 2.31-13+deb11u3→2.31-13+deb11u10',
      'GHSA-35jh-r3h4-6jhm lodash 4.17.15→4.17.21',
      'GHSA-8q59-q68h-6hv4 PyYAML 5.3.1→5.4',
      'GHSA-p6mc-m468-83gw lodash 4.17.15→4.17.19',
    ]);
    const lodash = matches.find((m) => m.id === 'GHSA-p6mc-m468-83gw');
    assert.deepEqual(
      { ...lodash, package: lodash?.package.name },
      {
        id: 'GHSA-p6mc-m468-83gw',
        aliases: ['CVE-2020-8203'],
        summary: 'Prototype Pollution in lodash',
        severity: 'high',
        cvss: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H',
        package: 'lodash',
        fixedVersion: '4.17.19',
        ecosystem: 'npm',
      },
    );
    const dsa = matches.find((m) => m.id === 'DSA-5343-1');
    assert.equal(dsa?.ecosystem, 'Debian:11');
    assert.ok(dsa?.aliases.includes('CVE-2023-0286'), 'CVEs from `upstream` are aliases');
    assert.equal(dsa?.severity, 'unknown');
    assert.equal(matches[0].id, 'GHSA-8q59-q68h-6hv4', 'critical first');
    assert.equal(matches[0].severity, 'critical');
  });

  it('Alpine 3.12 and 3.19: origin packages, apk suffixes, a fix equal to the installed version', () => {
    const alpine312: Inventory = {
      os: { id: 'alpine', versionId: '3.12.0' },
      source: 'layers',
      warnings: [],
      packages: [
        apk('musl', '1.1.24-r9', 'musl'),
        apk('libcrypto1.1', '1.1.1g-r0', 'openssl'),
        apk('libssl1.1', '1.1.1g-r0', 'openssl'),
        apk('busybox', '1.31.1-r19', 'busybox'),
        apk('ssl_client', '1.31.1-r19', 'busybox'),
      ],
    };
    assert.deepEqual(summarize(matchInventory(alpine312, fixtureDb)), [
      'ALPINE-CVE-2020-28928 musl 1.1.24-r9→1.1.24-r10',
      'ALPINE-CVE-2021-28831 busybox 1.31.1-r19→1.31.1-r20',
      'ALPINE-CVE-2021-28831 ssl_client 1.31.1-r19→1.31.1-r20',
      'ALPINE-CVE-2021-3450 libcrypto1.1 1.1.1g-r0→1.1.1k-r0',
      'ALPINE-CVE-2021-3450 libssl1.1 1.1.1g-r0→1.1.1k-r0',
      'ALPINE-CVE-2021-3711 libcrypto1.1 1.1.1g-r0→1.1.1l-r0',
      'ALPINE-CVE-2021-3711 libssl1.1 1.1.1g-r0→1.1.1l-r0',
    ]);
    const alpine319: Inventory = {
      os: { id: 'alpine', versionId: '3.19.1' },
      source: 'sbom',
      warnings: [],
      packages: [apk('musl', '1.2.4_git20230717-r4', 'musl'), apk('libcrypto3', '3.1.4-r5', 'openssl'), apk('busybox', '1.36.1-r15', 'busybox')],
    };
    const matches = matchInventory(alpine319, fixtureDb);
    assert.deepEqual(summarize(matches), ['ALPINE-CVE-2023-42366 busybox 1.36.1-r15→1.36.1-r16', 'ALPINE-CVE-2025-26519 musl 1.2.4_git20230717-r4→1.2.4_git20230717-r5']);
    assert.equal(matches.find((m) => m.id === 'ALPINE-CVE-2023-42366')?.severity, 'medium', 'from the CVSS vector (5.5)');
  });

  it('Ubuntu: both ecosystem names, one match per advisory; Red Hat prefixes expand', () => {
    const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
    const db = AdvisoryDatabase.fromRecords([
      record('UBUNTU-CVE-2023-0001', [pkg('Ubuntu:22.04:LTS', 'openssl', [{ introduced: '0' }, { fixed: '3.0.2-0ubuntu1.10' }]), pkg('Ubuntu:22.04', 'openssl', [{ introduced: '0' }, { fixed: '3.0.2-0ubuntu1.10' }])], { severity: [{ type: 'Ubuntu', score: 'medium' }, { type: 'CVSS_V3', score: vector }] }),
      record('RHSA-2024:0001', [pkg('Red Hat:enterprise_linux:9::baseos', 'openssl', [{ introduced: '0' }, { fixed: '1:3.0.7-25.el9_3' }])]),
    ]);
    const ubuntu = matchInventory({ os: { id: 'ubuntu', versionId: '22.04' }, source: 'layers', warnings: [], packages: [deb('libssl3', '3.0.2-0ubuntu1.9', 'openssl')] }, db);
    assert.deepEqual(summarize(ubuntu), ['UBUNTU-CVE-2023-0001 libssl3 3.0.2-0ubuntu1.9→3.0.2-0ubuntu1.10']);
    assert.equal(ubuntu[0].severity, 'medium', "Ubuntu's priority wins over the CVSS score");
    const rhel = matchInventory({ os: { id: 'rhel', versionId: '9.3' }, source: 'layers', warnings: [], packages: [{ ecosystem: 'rpm', name: 'openssl-libs', version: '1:3.0.7-24.el9', sourceName: 'openssl' }] }, db);
    assert.deepEqual(summarize(rhel), ['RHSA-2024:0001 openssl-libs 1:3.0.7-24.el9→1:3.0.7-25.el9_3']);
  });

  it('an entry without a fix wins over one with a fix; withdrawn advisories are silent', () => {
    const db = AdvisoryDatabase.fromRecords([
      record('MIX-1', [pkg('npm', 'a', [{ introduced: '0' }, { fixed: '2.0.0' }]), pkg('npm', 'a', [{ introduced: '1.0.0' }])]),
      record('GONE-1', [pkg('npm', 'a', [{ introduced: '0' }])], { withdrawn: '2024-01-02T00:00:00Z' }),
    ]);
    const matches = matchInventory({ source: 'layers', warnings: [], packages: [{ ecosystem: 'npm', name: 'a', version: '1.5.0' }] }, db);
    assert.deepEqual(summarize(matches), ['MIX-1 a 1.5.0→unfixed']);
  });

  it('says what it could not check instead of guessing', () => {
    const warnings: string[] = [];
    const inventory: Inventory = {
      os: { id: 'gentoo', versionId: '2.15' },
      source: 'layers',
      warnings: [],
      packages: [deb('libc6', '2.31-13+deb11u3', 'glibc'), { ecosystem: 'npm', name: 'lodash', version: 'not-a-version' }, { ecosystem: 'pypi', name: 'pyyaml', version: '5.3.1' }],
    };
    const matches = matchInventory(inventory, fixtureDb, { onWarning: (w) => warnings.push(w) });
    assert.deepEqual(summarize(matches), ['GHSA-8q59-q68h-6hv4 pyyaml 5.3.1→5.4']);
    assert.deepEqual(warnings, ['lodash not-a-version: not a semver version, not checked against npm advisories', '1 OS package(s) not checked: no advisory ecosystem for gentoo 2.15']);
  });
});

describe('matchPinnedPackages', () => {
  it('checks versions pinned in RUN lines for every package manager', () => {
    const warnings: string[] = [];
    const matches = matchPinnedPackages(
      [
        { ecosystem: 'deb', name: 'openssl', version: '1.1.1n-0+deb11u3' },
        { ecosystem: 'deb', name: 'libssl1.1', version: '1.1.1n-0+deb11u3' },
        { ecosystem: 'deb', name: 'zlib1g', version: '1:1.2.11.dfsg-2+deb11u2' },
        { ecosystem: 'pypi', name: 'pyyaml', version: '5.3.1' },
        { ecosystem: 'npm', name: 'lodash', version: '4.17.21' },
        { ecosystem: 'npm', name: 'lodash.template', version: '4.5.0' },
      ],
      'Debian:11',
      fixtureDb,
      { sourceOf: (binary) => ({ 'libssl1.1': 'openssl', zlib1g: 'zlib' })[binary], onWarning: (w) => warnings.push(w) },
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(summarize(matches), [
      'DEBIAN-CVE-2023-45853 zlib1g 1:1.2.11.dfsg-2+deb11u2→unfixed',
      'DSA-5343-1 libssl1.1 1.1.1n-0+deb11u3→1.1.1n-0+deb11u4',
      'DSA-5343-1 openssl 1.1.1n-0+deb11u3→1.1.1n-0+deb11u4',
      'GHSA-35jh-r3h4-6jhm lodash.template 4.5.0→unfixed',
      'GHSA-8q59-q68h-6hv4 pyyaml 5.3.1→5.4',
    ]);
  });

  it('finds binary names listed by the advisory, and apk pins', () => {
    const db = AdvisoryDatabase.fromRecords([
      record('UBUNTU-CVE-2024-0002', [{ ...pkg('Ubuntu:22.04:LTS', 'openssl', [{ introduced: '0' }, { fixed: '3.0.2-0ubuntu1.15' }]), ecosystem_specific: { binaries: [{ binary_name: 'libssl3', binary_version: '3.0.2-0ubuntu1.15' }] } }]),
    ]);
    assert.deepEqual(summarize(matchPinnedPackages([{ ecosystem: 'deb', name: 'libssl3', version: '3.0.2-0ubuntu1.14' }], ['Ubuntu:22.04:LTS', 'Ubuntu:22.04'], db)), ['UBUNTU-CVE-2024-0002 libssl3 3.0.2-0ubuntu1.14→3.0.2-0ubuntu1.15']);
    assert.deepEqual(summarize(matchPinnedPackages([{ ecosystem: 'apk', name: 'openssl', version: '1.1.1k-r0' }], 'Alpine:v3.12', fixtureDb)), ['ALPINE-CVE-2021-3711 openssl 1.1.1k-r0→1.1.1l-r0']);
  });

  it('skips, with a reason, what it cannot judge', () => {
    const warnings: string[] = [];
    const matches = matchPinnedPackages(
      [
        { ecosystem: 'deb', name: 'openssl', version: '1.1.1n-0+deb11u3' },
        { ecosystem: 'apk', name: 'openssl', version: '1.1.*' },
      ],
      undefined,
      fixtureDb,
      { onWarning: (w) => warnings.push(w) },
    );
    assert.deepEqual(matches, []);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /openssl=1\.1\.1n-0\+deb11u3: no deb distro release known/);
    const wildcard: string[] = [];
    matchPinnedPackages([{ ecosystem: 'apk', name: 'openssl', version: '1.1.*' }], 'Alpine:v3.12', fixtureDb, { onWarning: (w) => wildcard.push(w) });
    assert.deepEqual(wildcard, ['openssl 1.1.*: not a apk version, not checked against Alpine:v3.12 advisories']);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('updateDatabase (against a loopback server)', () => {
  let server: Server;
  let baseUrl: string;
  const served = new Map<string, Buffer>();
  const requests: string[] = [];
  const authorizations: (string | undefined)[] = [];

  before(async () => {
    served.set('/Debian/all.zip', buildZip(await fixtureFiles('Debian')));
    served.set('/npm/all.zip', buildZip(await fixtureFiles('npm')));
    served.set('/Alpine:v3.19/all.zip', buildZip((await fixtureFiles('Alpine')).slice(0, 2)));
    served.set('/Broken/all.zip', Buffer.from('<html>not a zip</html>'));
    served.set('/Huge/all.zip', Buffer.alloc(64 * 1024, 1));
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      authorizations.push(request.headers.authorization);
      if (request.url === '/Stall/all.zip') {
        // Headers, then nothing: a mirror that hangs mid-download.
        response.writeHead(200, { 'content-type': 'application/zip' });
        response.write('PK');
        return;
      }
      const body = served.get(request.url ?? '');
      if (!body) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  });

  it('builds OSV download URLs', () => {
    assert.equal(ecosystemDownloadUrl('https://osv-vulnerabilities.storage.googleapis.com', 'Debian'), 'https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip');
    assert.equal(ecosystemDownloadUrl('https://mirror.example/osv/', 'Red Hat'), 'https://mirror.example/osv/Red%20Hat/all.zip');
  });

  it('downloads each ecosystem atomically with its metadata, then loads them', async () => {
    const directory = join(workDir, 'db');
    const now = new Date('2026-11-26T12:00:00Z');
    const updated = await updateDatabase({ ecosystems: ['Debian', 'npm', 'Alpine:v3.19'], directory, baseUrl, now: () => now });
    assert.deepEqual(requests.slice(-3), ['/Debian/all.zip', '/npm/all.zip', '/Alpine:v3.19/all.zip']);
    assert.deepEqual(
      updated.map((u) => [u.ecosystem, u.entries, u.bytes, u.sha256, u.source, u.downloadedAt, u.path]),
      [
        ['Debian', 13, served.get('/Debian/all.zip')?.length, sha256(served.get('/Debian/all.zip')), `${baseUrl}/Debian/all.zip`, now.toISOString(), join(directory, 'Debian', 'all.zip')],
        ['npm', 2, served.get('/npm/all.zip')?.length, sha256(served.get('/npm/all.zip')), `${baseUrl}/npm/all.zip`, now.toISOString(), join(directory, 'npm', 'all.zip')],
        ['Alpine:v3.19', 2, served.get('/Alpine:v3.19/all.zip')?.length, sha256(served.get('/Alpine:v3.19/all.zip')), `${baseUrl}/Alpine:v3.19/all.zip`, now.toISOString(), join(directory, 'Alpine_v3.19', 'all.zip')],
      ],
    );
    assert.deepEqual(sha256(await readFile(join(directory, 'Debian', 'all.zip'))), sha256(served.get('/Debian/all.zip')));
    assert.deepEqual((await readDatabaseMetadata(directory, ['Debian', 'PyPI'])).map((m) => m.ecosystem), ['Debian']);
    assert.deepEqual((await readdir(join(directory, 'Debian'))).sort(), ['all.zip', 'metadata.json']);

    const db = await loadAdvisoryDatabase(directory);
    assert.deepEqual(db.warnings, []);
    assert.equal(db.size, 17);
    assert.deepEqual(summarize(matchPinnedPackages([{ ecosystem: 'npm', name: 'lodash', version: '4.17.15' }], undefined, db)), ['GHSA-35jh-r3h4-6jhm lodash 4.17.15→4.17.21', 'GHSA-p6mc-m468-83gw lodash 4.17.15→4.17.19']);
  });

  it('keeps the previous copy when a download fails, and leaves no temporary file', async () => {
    const directory = join(workDir, 'db-fail');
    await updateDatabase({ ecosystems: ['Debian'], directory, baseUrl });
    const before = await readFile(join(directory, 'Debian', 'all.zip'));
    served.set('/Debian/all.zip', Buffer.from('truncated'));
    try {
      await assert.rejects(updateDatabase({ ecosystems: ['Debian'], directory, baseUrl }), /is not a usable zip: zip: file too small/);
    } finally {
      served.set('/Debian/all.zip', buildZip(await fixtureFiles('Debian')));
    }
    assert.deepEqual(await readFile(join(directory, 'Debian', 'all.zip')), before);
    await assert.rejects(updateDatabase({ ecosystems: ['PyPI'], directory, baseUrl }), /PyPI\/all\.zip failed: HTTP 404/);
    await assert.rejects(updateDatabase({ ecosystems: ['Broken'], directory, baseUrl }), /not a usable zip: zip: no end-of-central-directory record/);
    await assert.rejects(updateDatabase({ ecosystems: ['Huge'], directory, baseUrl, maxBytes: 1024 }), /65536 bytes announced, over the limit of 1024/);
    await assert.rejects(updateDatabase({ ecosystems: ['../etc'], directory, baseUrl }), /not an OSV ecosystem name/);
    await assert.rejects(updateDatabase({ ecosystems: ['Debian'], directory, baseUrl: 'file:///etc' }), /must be http\(s\)/);
    for (const folder of ['Debian', 'PyPI', 'Broken', 'Huge']) {
      const left = await readdir(join(directory, folder)).catch(() => []);
      assert.deepEqual(left.filter((n) => n.endsWith('.tmp')), [], `no temporary files in ${folder}`);
    }
  });

  it('gives up on a stalled server and never shows mirror credentials', async () => {
    const directory = join(workDir, 'db-stall');
    await assert.rejects(updateDatabase({ ecosystems: ['Stall'], directory, baseUrl, idleTimeoutMs: 200 }), /Stall\/all\.zip: no data for 200 ms, gave up/);
    assert.deepEqual(await readdir(join(directory, 'Stall')), []);
    const withCredentials = baseUrl.replace('http://', 'http://mirror-user:s3cret-token@');
    const error = await updateDatabase({ ecosystems: ['PyPI'], directory, baseUrl: withCredentials }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error);
    assert.match(error.message, /^downloading http:\/\/\*\*\*@127\.0\.0\.1:\d+\/PyPI\/all\.zip failed: HTTP 404/);
    assert.doesNotMatch(error.message, /s3cret-token|mirror-user/);
    assert.equal(authorizations.at(-1), `Basic ${Buffer.from('mirror-user:s3cret-token').toString('base64')}`, 'sent as HTTP Basic');
  });

  it('stops a body that grows past the limit without a content-length', async () => {
    const directory = join(workDir, 'db-stream');
    const fakeFetch: typeof fetch = async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            controller.enqueue(new Uint8Array(4096));
          },
        }),
      );
    await assert.rejects(updateDatabase({ ecosystems: ['npm'], directory, baseUrl, fetch: fakeFetch, maxBytes: 10_000 }), /more than 10000 bytes, stopped/);
    assert.deepEqual(await readdir(join(directory, 'npm')), []);
  });
});

function sha256(data: Buffer | undefined): string {
  return createHash('sha256').update(data ?? Buffer.alloc(0)).digest('hex');
}
