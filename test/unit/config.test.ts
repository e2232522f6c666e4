import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig, mergeConfig, parseConfigText } from '../../server/src/core/config';
import { activeRules } from '../../server/src/core/engine';
import { allRules } from '../../server/src/core/rules';

describe('.drydock.yaml', () => {
  it('reads severities, off, options, registries and profiles', () => {
    const { config, problems } = parseConfigText(
      'rules:\n  dockerfile/latest-tag: error\n  dockerfile/sudo: off\n  dockerfile/x:\n    severity: info\n    options: { a: 1 }\ntrustedRegistries: [ghcr.io, docker.io]\nprofiles: [strict]\nmaxFileSize: 1MB\ninlineSuppressions: false\n',
    );
    assert.deepEqual(problems, []);
    assert.equal(config.rules['dockerfile/latest-tag'].severity, 'error');
    assert.equal(config.rules['dockerfile/sudo'].severity, 'off');
    assert.deepEqual(config.rules['dockerfile/x'], { severity: 'info', options: { a: 1 } });
    assert.deepEqual(config.trustedRegistries, ['ghcr.io', 'docker.io']);
    assert.deepEqual(config.profiles, ['strict']);
    assert.equal(config.maxFileSizeBytes, 1024 * 1024);
    assert.equal(config.inlineSuppressions, false);
  });

  it('reports bad values and unknown keys without throwing, keeping the rest', () => {
    const { config, problems } = parseConfigText('rules:\n  dockerfile/latest-tag: loud\ntrustedRegistries: 3\ncolour: red\nprofiles: [strict]\n');
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /unknown severity "loud"/);
    assert.match(problems.join('\n'), /unknown key "colour"/);
    assert.deepEqual(config.profiles, ['strict']);
  });

  it('survives invalid YAML and alias bombs', () => {
    assert.match(parseConfigText('rules: [unclosed').problems[0], /invalid YAML/);
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n';
    const result = parseConfigText(bomb);
    assert.ok(result.problems.length > 0);
  });

  it('layers editor settings over the file', () => {
    const file = parseConfigText('rules:\n  dockerfile/latest-tag: error\n').config;
    const merged = mergeConfig(file, { rules: { 'dockerfile/latest-tag': 'off' } });
    assert.equal(merged.rules['dockerfile/latest-tag'].severity, 'off');
    assert.equal(file.rules['dockerfile/latest-tag'].severity, 'error', 'the base is not mutated');
  });

  it('turns off-by-default rules on only with the strict profile or an explicit severity', () => {
    const kinds = ['dockerfile', 'kubernetes', 'compose'] as const;
    const activeIds = (config: ReturnType<typeof defaultConfig>) => new Set(kinds.flatMap((kind) => activeRules(config, kind).map((a) => a.rule.id)));
    const offByDefault = allRules.filter((r) => r.enabledByDefault === false);
    const config = defaultConfig();
    const active = activeIds(config);
    for (const r of offByDefault) assert.ok(!active.has(r.id), r.id);
    config.profiles = ['strict'];
    const strict = activeIds(config);
    for (const r of allRules) assert.ok(strict.has(r.id), r.id);
  });

  it('PSS profiles select the controls of their level at the configured Kubernetes version, as errors', () => {
    const pssRules = allRules.filter((r) => r.pss && r.pss.length > 0);
    assert.ok(pssRules.length > 0);
    const config = defaultConfig();
    config.profiles = ['pss-restricted'];
    const restricted = new Map(activeRules(config, 'kubernetes').map((a) => [a.rule.id, a.severity]));
    for (const r of pssRules) assert.equal(restricted.get(r.id), 'error', r.id);
    config.profiles = ['pss-baseline'];
    const baseline = new Map(activeRules(config, 'kubernetes').map((a) => [a.rule.id, a.severity]));
    for (const r of pssRules) {
      const baselineControl = r.pss!.some((c) => c.level === 'baseline');
      if (baselineControl) assert.equal(baseline.get(r.id), 'error', r.id);
      else if (r.enabledByDefault === false) assert.ok(!baseline.has(r.id), `${r.id} is restricted-only and off by default`);
      else assert.equal(baseline.get(r.id), r.severity, `${r.id} keeps its own severity outside the profile's level`);
    }
    // A control newer than the target version does not run at all.
    const newer = pssRules.find((r) => r.pss!.every((c) => (c.since ?? 0) > 30));
    if (newer) {
      config.kubernetesVersion = { major: 1, minor: 30 };
      assert.ok(!activeRules(config, 'kubernetes').some((a) => a.rule.id === newer.id), newer.id);
    }
  });
});
