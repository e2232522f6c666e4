/** ignorePaths globs (core/glob.ts) and the .dockerignore facts both shells give the rules. */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { GlobSet } from '../../server/src/core/glob';
import { projectFactsFor } from '../../server/src/projectFacts';
import { makeTree, removeTree } from './cliHarness';

describe('ignorePaths globs', () => {
  const cases: [string, string, boolean][] = [
    ['vendor/**', 'vendor/lib/Dockerfile', true],
    ['vendor/**', 'src/vendor/Dockerfile', false],
    ['vendor', 'src/vendor/Dockerfile', true],
    ['/vendor', 'src/vendor/Dockerfile', false],
    ['*.scratch', 'tmp/Dockerfile.scratch', true],
    ['*.scratch', 'Dockerfile.scratch', true],
    ['test/*/Dockerfile', 'test/a/Dockerfile', true],
    ['test/*/Dockerfile', 'test/a/b/Dockerfile', false],
    ['test/**/Dockerfile', 'test/a/b/Dockerfile', true],
    ['test/**/Dockerfile', 'test/Dockerfile', true],
    ['./legacy/', 'legacy/old/Dockerfile', true],
    ['Dockerfile.?', 'Dockerfile.a', true],
    ['Dockerfile.[ab]', 'Dockerfile.c', false],
    ['docs.d', 'docsxd/Dockerfile', false],
  ];
  for (const [pattern, path, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(new GlobSet([pattern]).matches(path), expected);
    });
  }
});

describe('projectFactsFor', () => {
  const root = makeTree({
    'a/Dockerfile': 'FROM scratch\n',
    'a/.dockerignore': '# comment\n\n.git\n*.pem\n',
    'b/Dockerfile': 'FROM scratch\n',
    'b/Dockerfile.dockerignore': 'secrets/\n',
    'b/.dockerignore': 'ignored-because-the-specific-file-wins\n',
    'c/Dockerfile': 'FROM scratch\n',
  });
  after(() => removeTree(root));

  it('reads .dockerignore beside the Dockerfile', () => {
    assert.deepEqual(projectFactsFor(join(root, 'a/Dockerfile')), { hasDockerignore: true, dockerignorePatterns: ['.git', '*.pem'] });
  });
  it('prefers <Dockerfile name>.dockerignore', () => {
    assert.deepEqual(projectFactsFor(join(root, 'b/Dockerfile')), { hasDockerignore: true, dockerignorePatterns: ['secrets/'] });
  });
  it('says false when there is none', () => {
    assert.deepEqual(projectFactsFor(join(root, 'c/Dockerfile')), { hasDockerignore: false });
  });
});
