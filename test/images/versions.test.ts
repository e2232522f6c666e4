import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { mulberry32 } from '../helpers/random';
import {
  compareApkVersions,
  compareDpkgVersions,
  compareRpmVersions,
  compareVersions,
  InvalidVersionError,
  isValidApkVersion,
  isValidDpkgVersion,
  isValidVersion,
  parseDpkgVersion,
  rpmvercmp,
  type Comparison,
} from '../../server/src/images/versions';

type Op = '<' | '=' | '>';
const expected: Record<Op, Comparison> = { '<': -1, '=': 0, '>': 1 };

function checkTable(compare: (a: string, b: string) => Comparison, table: string): number {
  let checked = 0;
  for (const line of table.trim().split('\n')) {
    const [a, op, b] = line.trim().split(/\s+/) as [string, Op, string];
    assert.equal(compare(a, b), expected[op], `${a} ${op} ${b}`);
    assert.equal(compare(b, a), -expected[op] || 0, `${b} reversed ${a}`);
    checked++;
  }
  return checked;
}

// ---------------------------------------------------------------------------------------------------------------
// dpkg

// Debian Policy §5.6.12 and dpkg's own documented orderings.
const DPKG_POLICY = `
  1.0~rc1 < 1.0
  1.0~~ < 1.0~~a
  1.0~~a < 1.0~
  1.0~ < 1.0
  1.0 < 1.0a
  1.0a < 1.0+
  1.0A < 1.0a
  1.0Z < 1.0a
  1.0+ < 1.0.
  1.0.1 > 1.0
  1.01 = 1.1
  1.0-0 = 1.0
  0:1.0 = 1.0
  1:0.1 > 9.9
  1.2.3-1 < 1.2.3-1+deb12u1
  1.2.3-1~bpo12+1 < 1.2.3-1
  1:1.2.11.dfsg-2+deb11u1 < 1:1.2.11.dfsg-2+deb11u2
  1.1.1n-0+deb11u3 < 1.1.1n-0+deb11u4
  1.1.1n-0+deb11u4 > 1.1.1k-1+deb11u2
  3.0.11-1~deb12u2 > 3.0.11-1~deb12u1
  3.0.11-1~deb12u2 < 3.0.11-1
  2.36-9+deb12u3 > 2.36-9
  7.88.1-10+deb12u4 < 7.88.1-10+deb12u5
  1.2-3-4 > 1.2-3-3
  1.2-3-4 < 1.2.3-4
  2:1:0-1 > 2:1-1
  10 > 9
  1.0.0009 = 1.0.9
`;

test('dpkg orders the policy and real-world examples', () => {
  checkTable(compareDpkgVersions, DPKG_POLICY);
});

describe('dpkg version syntax', () => {
  it('splits epoch, upstream and revision at the first colon and last hyphen', () => {
    assert.deepEqual(parseDpkgVersion('1:1.2.11.dfsg-2+deb11u2'), { epoch: 1, upstream: '1.2.11.dfsg', revision: '2+deb11u2' });
    assert.deepEqual(parseDpkgVersion('2:1.2-3-4'), { epoch: 2, upstream: '1.2-3', revision: '4' });
    assert.deepEqual(parseDpkgVersion('1.0'), { epoch: 0, upstream: '1.0', revision: '' });
  });

  it('refuses what dpkg refuses, with the reason', () => {
    assert.throws(() => compareDpkgVersions('x:1.0', '1.0'), (e: unknown) => e instanceof InvalidVersionError && /epoch/.test(e.message));
    assert.throws(() => compareDpkgVersions('1.0-', '1.0'), /revision is empty/);
    assert.throws(() => compareDpkgVersions('1:', '1.0'), /upstream version is empty/);
    for (const bad of ['a1.0', '1.0 beta', '1.0-a:b', '1_0', '']) assert.equal(isValidDpkgVersion(bad), false, bad);
    for (const good of ['0', '1:2:3-4', '1.0~rc1+dfsg-0ubuntu1~22.04.1', '01:1.0']) assert.equal(isValidDpkgVersion(good), true, good);
  });
});


const REALISTIC = [
  '1.1.1n-0+deb11u3', '1.1.1n-0+deb11u4', '1:1.2.11.dfsg-2+deb11u2', '2.31-13+deb11u5', '7.74.0-1.3+deb11u7',
  '3.0.11-1~deb12u2', '1:9.18.19-1~deb12u1', '2.36-9+deb12u3', '1.0~rc1-1', '1.0-1~bpo12+1', '0.0', '0', '00',
  '3.0.2-0ubuntu1.10', '2:8.2.3995-1ubuntu2.15', '1.2.3+dfsg1-1build1', '5.1-2+b1', '10.2.1-6', '1:2.38.1-5+deb12u1',
];

function versionGenerator(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const digits = () => (chance(0.15) ? '0'.repeat(1 + Math.floor(random() * 2)) : '') + String(Math.floor(random() * (chance(0.2) ? 100000 : 12)));
  const letters = () => {
    const pool = chance(0.7) ? 'abcdefghijklmnopqrstuvwxyz' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefz';
    let s = '';
    const n = 1 + Math.floor(random() * 4);
    for (let i = 0; i < n; i++) s += pool[Math.floor(random() * pool.length)];
    return s;
  };
  const segments = (separators: string[], count: number) => {
    let s = '';
    for (let i = 0; i < count; i++) {
      const sep = chance(0.25) ? '' : pick(separators);
      s += sep + (chance(0.6) ? digits() : letters());
    }
    return s;
  };

  const randomVersion = (): string => {
    if (chance(0.1)) return pick(REALISTIC);
    const epoch = chance(0.25) ? `${pick(['0', '1', '2', '10', '01', '00'])}:` : '';
    const revision = chance(0.6);
    const upstreamSeparators = ['.', '.', '.', '+', '~', '~', ...(revision ? ['-'] : []), ...(epoch ? [':'] : [])];
    const upstream = digits() + segments(upstreamSeparators, Math.floor(random() * 5));
    const rev = revision ? `-${chance(0.3) ? pick(['~', '+', '.']) : ''}${chance(0.5) ? digits() : letters()}${segments(['.', '+', '~', '~'], Math.floor(random() * 4))}` : '';
    return epoch + upstream + rev;
  };

  /** A near neighbour of `v`: the pairs where comparators go wrong are the ones that almost agree. */
  const mutate = (v: string): string => {
    switch (Math.floor(random() * 12)) {
      case 0: return v.replace(/[0-9]+/, (m) => `0${m}`);
      case 1: return v.includes(':') ? v.replace(/^[0-9]+:/, '') : `0:${v}`;
      case 2: return v.includes('-') ? v : `${v}-0`;
      case 3: return `${v}~${pick(['', 'rc1', 'a', '~'])}`;
      case 4: return v.includes('-') ? `${v}${pick(['+b1', '.1', '~1'])}` : `${v}+${pick(['dfsg', '1', 'b'])}`;
      case 5: return v.includes('-') ? v.replace(/-/, '.0-') : `${v}.0`;
      case 6: return `${v}${pick(['a', 'A', 'z'])}`;
      case 7: return v.replace(/[0-9](?=[^0-9]*$)/, (d) => String((Number(d) + pick([1, 9])) % 10));
      case 8: return v.replace(/[.+~]/, () => pick(['.', '+', '~']));
      case 9: return v.replace(/[a-z]/i, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
      case 10: return v.slice(0, Math.max(1, v.length - 1));
      default: return v.replace(/~/, '');
    }
  };

  return { randomVersion, mutate, chance };
}

// Only these characters reach the shell, always inside single quotes; nothing else may.
const SHELL_SAFE_VERSION = /^[0-9]{1,4}:[0-9A-Za-z.+~:-]{1,80}$|^[0-9][0-9A-Za-z.+~-]{0,80}$/;

function generateDpkgPairs(count: number, seed: number): [string, string][] {
  const random = mulberry32(seed);
  const { randomVersion, mutate, chance } = versionGenerator(random);
  const usable = (v: string) => SHELL_SAFE_VERSION.test(v) && isValidDpkgVersion(v);
  const pairs: [string, string][] = [];
  while (pairs.length < count) {
    const a = randomVersion();
    let b = chance(0.35) ? randomVersion() : mutate(a);
    if (chance(0.3)) b = mutate(b);
    if (usable(a) && usable(b)) pairs.push(chance(0.5) ? [a, b] : [b, a]);
  }
  return pairs;
}

function dpkgBatchScript(pairs: [string, string][]): string {
  const lines = [
    // L, E or G per pair; X when dpkg refused a version (exit status 2), so nothing is silently misread.
    'c() { dpkg --compare-versions "$1" lt "$2"; r=$?; if [ $r -eq 0 ]; then echo L; elif [ $r -eq 1 ]; then',
    '  dpkg --compare-versions "$1" eq "$2"; r=$?; if [ $r -eq 0 ]; then echo E; elif [ $r -eq 1 ]; then echo G; else echo X; fi',
    'else echo X; fi; }',
  ];
  for (const [a, b] of pairs) {
    if (!SHELL_SAFE_VERSION.test(a) || !SHELL_SAFE_VERSION.test(b)) throw new Error(`refusing to put ${JSON.stringify([a, b])} in a shell script`);
    lines.push(`c '${a}' '${b}'`);
  }
  return lines.join('\n');
}

function runShell(script: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', script], { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`dpkg batch failed: ${error.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

async function inPool<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

test('dpkg comparator agrees with `dpkg --compare-versions` on 12,000 generated pairs', async (t) => {
  assert.ok(
    existsSync('/usr/bin/dpkg'),
    'dpkg is missing: this oracle test needs Debian\'s `dpkg` (scripts/setup-test-deps.sh installs the test dependencies)',
  );
  const seed = 0x5eed_d9c6;
  const pairs = generateDpkgPairs(12_000, seed);
  const batchSize = 1000; // keeps each `sh -c` argument well under Linux's 128 KiB per-argument limit
  const batches: [string, string][][] = [];
  for (let i = 0; i < pairs.length; i += batchSize) batches.push(pairs.slice(i, i + batchSize));
  const outputs = await inPool(batches, Math.max(1, availableParallelism()), (batch) => runShell(dpkgBatchScript(batch)));

  const fromOracle: Record<string, Comparison> = { L: -1, E: 0, G: 1 };
  const counts = { agree: 0, disagree: 0, refused: 0, less: 0, equal: 0, greater: 0 };
  const disagreements: string[] = [];
  outputs.forEach(({ stdout, stderr }, b) => {
    assert.equal(stderr, '', `dpkg warned about a generated version:\n${stderr}`);
    const answers = stdout.trim().split('\n');
    assert.equal(answers.length, batches[b].length, 'one dpkg answer per pair');
    answers.forEach((answer, i) => {
      const [a, c] = batches[b][i];
      if (answer === 'X') {
        counts.refused++;
        disagreements.push(`dpkg refused ${a} / ${c}`);
        return;
      }
      const oracle = fromOracle[answer];
      const ours = compareDpkgVersions(a, c);
      counts[oracle < 0 ? 'less' : oracle > 0 ? 'greater' : 'equal']++;
      if (ours === oracle) counts.agree++;
      else {
        counts.disagree++;
        disagreements.push(`${a} vs ${c}: dpkg ${oracle}, ours ${ours}`);
      }
    });
  });
  t.diagnostic(
    `dpkg oracle (seed ${seed.toString(16)}): ${counts.agree}/${pairs.length} agree, ${counts.disagree} disagree, ${counts.refused} refused; ` +
      `dpkg said lt ${counts.less}, eq ${counts.equal}, gt ${counts.greater}`,
  );
  assert.deepEqual(disagreements.slice(0, 20), []);
  assert.equal(counts.agree, pairs.length);
  // The generator must exercise all three outcomes, equality included (leading zeros, `-0`, `0:`).
  assert.ok(counts.equal > 500 && counts.less > 2000 && counts.greater > 2000, JSON.stringify(counts));
});

test('dpkg comparison is antisymmetric and transitive on generated versions', () => {
  const random = mulberry32(42);
  const { randomVersion } = versionGenerator(random);
  const versions = Array.from({ length: 400 }, randomVersion).filter(isValidDpkgVersion);
  const sorted = [...versions].sort(compareDpkgVersions);
  for (let i = 1; i < sorted.length; i++) assert.ok(compareDpkgVersions(sorted[i - 1], sorted[i]) <= 0);
  for (let i = 0; i < 2000; i++) {
    const a = versions[Math.floor(random() * versions.length)];
    const b = versions[Math.floor(random() * versions.length)];
    assert.equal(compareDpkgVersions(a, b), -compareDpkgVersions(b, a) || 0);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// apk

// Cases from apk-tools' test/version.data (apk-tools 3), which its unit tests check against `apk version -t`.
const APK_CASES = `
  2.34 > 0.1.0_alpha
  23_foo > 4_beta
  1.0 < 1.0bc
  0.1.0_alpha = 0.1.0_alpha
  0.1.0_alpha < 0.1.3_alpha
  0.1.0_alpha2 > 0.1.0_alpha
  0.1.0_alpha < 2.2.39-r1
  1.0.4-r3 < 1.0.4-r4
  1.1 > 1.1_alpha1
  1.2 < 1.3_alpha
  1.3_alpha2 < 1.3_alpha3
  0.7.0 < 0.8_beta1
  0.8_beta1 < 0.8_beta2
  3.10.18-r1 > 2.3.0b-r1
  2.3.0b-r1 < 2.3.0b-r2
  0.12.3 > 0.12
  0.12 < 0.13_beta1
  1.2.11 < 1.2.12.1
  1.2.12.1 < 1.2.13
  3.1_p16 < 3.1_p17
  1.06-r6 < 006
  006 > 1.0.0
  1.2.2-r1 > 1.2.2
  9.3.4-r2 > 9.3.4
  2.59 < 20050718-r1
  3.9.8-r5 > 2.01.01_alpha10
  1.0 > 0.99.3.20040818
  2.8.9-r1 > 2.8.9
  7.15.1-r1 > 1.02
  4.2.52_p2-r1 < 4.2.52_p4-r2
  20060720 > 3.0.20060720
  2.5.1-r8 < 2.5.1a-r1
  1.3.5-r10 > 1.3.5-r8
  20040401 > 2.0.0_rc3-r1
  0.99.163 < 2.6.15.20060110
  3.0.0-r2 < 021109-r3
  0.9.16-r1 < 3.9_pre20060124
  1.1.7 < 6b-r7
  0.10.0-r1 > 0.10.0
  0.10.0 < 0.10.1_rc1
  1.1a < 1.3a
  0.15.1b-r2 > 0.15.1b
  22.7 > 2.1_pre20
  2.10.1 > 02.08.01b
  3.81 > 1.6d
  1.2.07.8 < 1.2.12.04
  1.07-r1 < 1.07.5
  20061003 > 0.1_pre20060810
  0.59s-r11 < 0.65
  4.20 > 0.20070118
  0.20070118 < 0.20070207_rc1
  4.5_p1-r1 > 4.5_p1
  4.5_p1 > 0.9.8c-r1
  0.9.8c-r1 < 0.9.8d
  2.2.3-r2 < 013
  1.7 < 1.7b
  1.8.5 < 1.8.5_p2
  2.9.11_pre20051101-r3 > 2.9.11_pre20051101
  2.6.1.3-r1 > 2.6.1.3
  1.6.8_p12-r1 > 1.6.8_p9-r2
  0.9.28.1 > 0.9.28
  104-r11 > 104-r9
  1.2.5_rc2 > 0.1
  20040406-r1 > 2.12r-r4
  7.0.17 < 7.0.174
  0.3.4_pre20061029 < 0.4.0
  1.3-r0 < 1.3.1-r0
  1.3_pre1-r1 < 1.3.2
  1.0_p10-r0 > 1.0_p9-r0
  0.1.0_alpha_pre2 < 0.1.0_alpha
  1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0
  6.0_pre1 < 6.0
  6.0_p1 > 6.0
  8.2.0 < 8.2.001
  8.2.0015 < 8.2.002
  1.0~1234 < 1.0~2345
  1.0~1234-r1 < 1.0~2345-r0
  1.0~1234-r1 > 1.0~1234-r0
  1.1.1g-r0 < 1.1.1l-r0
  1.1.1k-r0 < 1.1.1l-r0
  3.1.4-r5 > 3.1.4-r4
  1.2.4_git20230717-r4 < 1.2.4_git20230717-r5
  1.2.4_git20230717-r5 > 1.2.4
  1.2.4_git20230717-r5 < 1.2.5-r0
  1.36.1-r15 < 1.36.1-r16
  1.1.24-r9 < 1.1.24-r10
`;

test('apk orders the documented apk-tools cases', (t) => {
  const n = checkTable(compareApkVersions, APK_CASES);
  t.diagnostic(`apk: ${n} documented pairs checked both ways`);
});

test('apk validity matches apk-tools', () => {
  for (const good of ['1.2', '0.1_pre2', '0.1_pre2~1234abcd', '0.1_p1_pre2', '0.1_alpha1_pre2', '0.1_git20240101_pre1', '1.2.4_git20230717-r5']) {
    assert.equal(isValidApkVersion(good), true, good);
  }
  for (const bad of [
    '', '0.1bc', '0.1bc1', '0.1a1', '0.1a.1', '0.1_pre2~', '0.1_pre2~1234xbcd', '0.1_pre2~1234abcd_pre1', '0.1_pre2-r1~1234xbcd',
    '0.1_foobar', '0.1_foobar1', '0.1-pre1.1', '0.1-r', '0.1-r2_pre1', '0.1-r2_p3_pre1', '0.1-r2-r3', '0.1-r2.1', '.1', 'a', '_pre1',
    '-r1', '0.1_', '0.1_-r0', '0.1__alpha', '0.1_1_alpha',
  ]) {
    assert.equal(isValidApkVersion(bad), false, bad);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// rpm (no `rpm` binary on the machine: the cases come from rpm's tests/rpmvercmp.at)

const RPMVERCMP_CASES = `
  1.0 = 1.0
  1.0 < 2.0
  2.0.1 = 2.0.1
  2.0 < 2.0.1
  2.0.1a = 2.0.1a
  2.0.1a > 2.0.1
  5.5p1 < 5.5p2
  5.5p1 < 5.5p10
  10xyz < 10.1xyz
  xyz10 < xyz10.1
  xyz.4 < 8
  xyz.4 < 2
  5.5p2 < 5.6p1
  5.6p1 < 6.5p1
  6.0.rc1 > 6.0
  10b2 > 10a1
  10a2 < 10b2
  1.0a < 1.0aa
  10.0001 = 10.1
  10.0001 < 10.0039
  4.999.9 < 5.0
  20101121 < 20101122
  2_0 = 2.0
  a+ = a_
  +a = _a
  _+ = +_
  + = _
  1.0~rc1 = 1.0~rc1
  1.0~rc1 < 1.0
  1.0~rc1 < 1.0~rc2
  1.0~rc1~git123 < 1.0~rc1
  1.0^ = 1.0^
  1.0^ > 1.0
  1.0^git1 > 1.0
  1.0^git1 < 1.0^git2
  1.0^git1 < 1.01
  1.0^20160101 < 1.0.1
  1.0^20160102 > 1.0^20160101^git1
  1.0~rc1^git1 > 1.0~rc1
  1.0^git1 > 1.0^git1~pre
`;

test('rpmvercmp orders the cases of rpm\'s own test suite', (t) => {
  const n = checkTable(rpmvercmp, RPMVERCMP_CASES);
  t.diagnostic(`rpmvercmp: ${n} pairs from rpmvercmp.at checked both ways`);
});

test('rpm compares epoch, then version, then release', () => {
  checkTable(
    compareRpmVersions,
    `
    1:1.0-1 > 2.0-1
    0:1.0-1 = 1.0-1
    1.0-1.el8 < 1.0-2.el8
    1.0-1.el8 < 1.0-1.el8_4
    3.0.7-25.el9_3 < 3.0.7-27.el9
    1:3.0.7-27.el9 > 3.0.7-28.el9
    2.28-225.el9 < 2.34-60.el9
    1.0~rc1-1 < 1.0-1
    `,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// semver, PEP 440 and the common entry point

test('compareVersions dispatches to every scheme', () => {
  assert.equal(compareVersions('semver', '4.17.15', '4.17.19'), -1);
  assert.equal(compareVersions('semver', '1.0.0-beta.2', '1.0.0-beta.11'), -1);
  assert.equal(compareVersions('semver', '1.0.0-rc.1', '1.0.0'), -1);
  assert.equal(compareVersions('semver', '1.0.0+build.5', '1.0.0'), 0);
  assert.equal(compareVersions('semver', 'v1.2.3', '1.2.3'), 0);
  assert.equal(compareVersions('pep440', '5.3.1', '5.4'), -1);
  assert.equal(compareVersions('pep440', '5.4b1', '5.4'), -1);
  assert.equal(compareVersions('pep440', '1.0.post1', '1.0'), 1);
  assert.equal(compareVersions('pep440', '1!0.1', '2.0'), 1);
  assert.equal(compareVersions('pep440', '1.0', '1.0.0'), 0);
  assert.equal(compareVersions('pep440', '1.0.dev1', '1.0a1'), -1);
  assert.equal(compareVersions('dpkg', '1.0~rc1', '1.0'), -1);
  assert.equal(compareVersions('apk', '1.0_rc1', '1.0'), -1);
  assert.equal(compareVersions('rpm', '1.0~rc1', '1.0'), -1);
});

test('strict schemes refuse invalid versions with a clear error', () => {
  assert.throws(() => compareVersions('semver', 'not-a-version', '1.0.0'), (e: unknown) => e instanceof InvalidVersionError && e.scheme === 'semver' && /not-a-version/.test(e.message));
  assert.throws(() => compareVersions('pep440', '1.0', 'latest'), /invalid pep440 version "latest"/);
  assert.equal(isValidVersion('pep440', '5.3.1'), true);
  assert.equal(isValidVersion('semver', '4.17.x'), false);
  assert.equal(isValidVersion('apk', '1.0-1'), false);
  assert.equal(isValidVersion('rpm', ''), false);
});
