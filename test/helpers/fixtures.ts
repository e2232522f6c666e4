/** Shared by the per-rule fixture test and the parity test: run one rule's fixtures through the engine. */
import { analyzeDocument } from '../../server/src/core/engine';
import { defaultConfig, type DrydockConfig } from '../../server/src/core/config';
import type { Rule, RuleFixture } from '../../server/src/core/rule';
import type { Finding } from '../../server/src/core/findings';
import type { ShellParser } from '../../server/src/core/documents/shell';
import { LineIndex } from '../../server/src/core/text';
import { factsProvider, type AdvisoryPort } from '../../server/src/core/images/facts';
import { predictionsFrom } from '../../server/src/core/model/predictions';

export function configForFixture(rule: Rule, fixture: RuleFixture): DrydockConfig {
  const config = defaultConfig();
  // Naming a severity would pin it and hide the one a rule gives each finding (graded findings);
  // only rules that are off by default need it to run at all.
  config.rules[rule.id] = { severity: rule.enabledByDefault === false ? rule.severity : undefined, options: fixture.config?.options };
  if (fixture.config?.trustedRegistries) config.trustedRegistries = fixture.config.trustedRegistries;
  if (fixture.config?.kubernetesVersion) config.kubernetesVersion = fixture.config.kubernetesVersion;
  if (fixture.config?.profiles) config.profiles = fixture.config.profiles;
  return config;
}

/** The date of judgement of fixtures that name none: fixed, so date-dependent rules are reproducible. */
export const FIXTURE_TODAY = '2026-11-26';

/** An advisory port answering from a fixture's list: exact (ecosystem, name, version) hits. */
function fixtureAdvisories(entries: NonNullable<RuleFixture['advisories']>): AdvisoryPort {
  return {
    matchPinned: (packages, osEcosystem) =>
      packages.flatMap((p) =>
        entries
          .filter((e) => e.name === p.name && e.version === p.version && (e.ecosystem === osEcosystem || !e.ecosystem.includes(':')))
          .map((e) => ({ id: e.match.id, aliases: e.match.aliases ?? [], severity: e.match.severity, fixedVersion: e.match.fixedVersion, package: { ...p }, ecosystem: e.ecosystem })),
      ),
  };
}

/** The file name a fixture is analysed under when it names none. */
export function defaultFileName(rule: Rule): string {
  return rule.kind === 'kubernetes' ? 'manifest.yaml' : rule.kind === 'compose' ? 'compose.yaml' : 'Dockerfile';
}

export function runFixture(rule: Rule, fixture: RuleFixture, shellParser: ShellParser): Finding[] {
  const result = analyzeDocument(
    { fileName: fixture.fileName ?? defaultFileName(rule), text: fixture.text },
    configForFixture(rule, fixture),
    {
      shellParser,
      project: fixture.project ?? {},
      rules: [rule],
      today: fixture.today ?? FIXTURE_TODAY,
      images: fixture.images ? factsProvider(fixture.images.map((f) => [f.reference, f])) : undefined,
      advisories: fixture.advisories ? fixtureAdvisories(fixture.advisories) : undefined,
      predictions: fixture.predictions ? predictionsFrom(Object.entries(fixture.predictions.commands ?? {}), Object.entries(fixture.predictions.secrets ?? {})) : undefined,
    },
  );
  // Notices about how the file was read (a Helm template, a YAML syntax error) are expected in
  // some fixtures; a rule that threw or a file that could not be parsed never is.
  const failures = result.errors.filter((e) => e.rule !== undefined || e.message.startsWith('could not parse'));
  if (failures.length > 0) throw new Error(failures.map((e) => e.message).join('; '));
  return result.findings;
}

export function expectedOffsets(fixture: RuleFixture): number[] {
  return fixture.expect.map((e) => {
    const { at, nth } = typeof e === 'string' ? { at: e, nth: 1 } : { at: e.at, nth: e.nth ?? 1 };
    let index = -1;
    for (let i = 0; i < nth; i++) {
      index = fixture.text.indexOf(at, index + 1);
      if (index < 0) throw new Error(`fixture anchor "${at}" (#${nth}) not found in fixture text`);
    }
    return index;
  });
}

/** Applies the preferred (else first) fix of each finding, edits sorted back to front. */
export function applyFixes(text: string, findings: Finding[]): string {
  const lines = new LineIndex(text);
  const edits = findings
    .flatMap((f) => {
      const fix = f.fixes?.find((x) => x.isPreferred) ?? f.fixes?.[0];
      return fix ? fix.edits : [];
    })
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const e of edits) {
    if (e.end > lastStart) continue; // overlapping edits: keep the later one, as VS Code's fix-all does
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}
