import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadShellParser } from '../../server/src/shellParserLoader';
import { analyzeDocument } from '../../server/src/core/engine';
import { defaultConfig } from '../../server/src/core/config';
import type { ShellParser } from '../../server/src/core/documents/shell';
import { latestTag } from '../../server/src/core/rules/dockerfile/image/latestTag';

let shellParser: ShellParser;
before(async () => {
  shellParser = await loadShellParser();
});

/** Lines (0-based) at which dockerfile/latest-tag still fires. */
function firing(text: string, inlineSuppressions = true): number[] {
  const config = defaultConfig();
  config.inlineSuppressions = inlineSuppressions;
  return analyzeDocument({ fileName: 'Dockerfile', text }, config, { shellParser, rules: [latestTag] }).findings.map((f) => f.range.start.line);
}

describe('inline suppressions', () => {
  it('drydock-ignore covers the next instruction only', () => {
    assert.deepEqual(firing('# drydock-ignore dockerfile/latest-tag -- vendor image\nFROM a:latest\nFROM b:latest\n'), [2]);
  });
  it('accepts the short rule name and lists of rules', () => {
    assert.deepEqual(firing('# drydock-ignore sudo, latest-tag -- ok\nFROM a:latest\n'), []);
  });
  it('drydock-ignore-file covers the whole file', () => {
    assert.deepEqual(firing('FROM a:latest\n# drydock-ignore-file dockerfile/latest-tag\nFROM b:latest\n'), []);
  });
  it('does not apply an ignore for another rule', () => {
    assert.deepEqual(firing('# drydock-ignore dockerfile/sudo\nFROM a:latest\n'), [1]);
  });
  it('honours hadolint ignore= through equivalents, next instruction only', () => {
    assert.deepEqual(firing('# hadolint ignore=DL3006,DL3007\nFROM a:latest\nFROM b:latest\n'), [2]);
  });
  it('drops a hadolint pragma that names an unknown rule, as hadolint does', () => {
    assert.deepEqual(firing('# hadolint ignore=crazy,DL3007\nFROM a:latest\n'), [1]);
  });
  it('honours hadolint global ignore=', () => {
    assert.deepEqual(firing('FROM a:latest\n# hadolint global ignore=DL3007\nFROM b:latest\n'), []);
  });
  it('honours trivy:ignore with AVD- and short spellings', () => {
    assert.deepEqual(firing('# trivy:ignore:AVD-DS-0001\nFROM a:latest\n# trivy:ignore:DS001\nFROM b:latest\nFROM c:latest\n'), [4]);
  });
  it('applies checkov:skip to the whole file, as checkov does', () => {
    assert.deepEqual(firing('FROM a:latest\nFROM b:latest\n#checkov:skip=CKV_DOCKER_7:pinned by renovate\n'), []);
  });
  it('covers an instruction that spans continuation lines', () => {
    assert.deepEqual(firing('# drydock-ignore latest-tag\nFROM \\\n  a:latest\n'), []);
  });
  it('ignores every pragma when inline suppressions are turned off', () => {
    assert.deepEqual(firing('# drydock-ignore latest-tag\nFROM a:latest\n', false), [1]);
  });
});
