/**
 * Fuzz targets shared by the short seeded run inside `npm test` (test/fuzz/fuzz.test.ts) and the long run of
 * `npm run fuzz` (test/fuzz/run.ts). A target is an input generator (a fast-check arbitrary: generated text and
 * mutations of the rules' own fixtures) and a check that throws when a property breaks. The properties: nothing
 * throws out of the engine (a rule that throws is an error record, and that too is a failure here), analysis
 * terminates, every finding's and every fix's range lies inside the document, and parsers and comparators either
 * answer or refuse with their documented error.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { analyzeDocument } from '../../server/src/core/engine';
import { defaultConfig, type DrydockConfig } from '../../server/src/core/config';
import { allRules } from '../../server/src/core/rules';
import type { ShellParser } from '../../server/src/core/documents/shell';
import type { Finding, Fix, Range } from '../../server/src/core/findings';
import { LineIndex } from '../../server/src/core/text';
import { parseDockerfile } from '../../server/src/core/documents/dockerfile';
import { parseYamlFile } from '../../server/src/core/documents/yaml';
import { parseImageReference, referenceProblems } from '../../server/src/core/documents/imageReference';
import { compareVersions, InvalidVersionError, isValidVersion, versionSchemes } from '../../server/src/images/versions';
import { evaluateAffected } from '../../server/src/images/advisories';
import type { OsvAffected, OsvEvent } from '../../server/src/images/advisories';
import { readLayer, withDefaultLimits } from '../../server/src/images/inventory';
import { MEDIA_TYPE, file, layerOf, tarOf, whiteout } from '../images/fixtures/layers/layerFixtures';
import { defaultFileName } from '../helpers/fixtures';

export interface FuzzTarget<T = unknown> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  /** Throws (or rejects) when a property does not hold. */
  check: (input: T) => void | Promise<void>;
  /** Short printable form of an input, for reports. */
  show: (input: T) => string;
}

export interface FuzzContext {
  shellParser: ShellParser;
  /** Layer blobs the tar target mutates (built once: tar-stream's packer is async). */
  layerSeeds: { blob: Buffer; mediaType: string }[];
}

type Kind = 'dockerfile' | 'kubernetes' | 'compose';

/** Every fixture text of every rule of a kind: the seed corpus mutations start from. */
export function fixtureCorpus(kind: Kind): string[] {
  const texts = new Set<string>();
  for (const rule of allRules) {
    for (const fixture of rule.fixtures) {
      const fileName = fixture.fileName ?? defaultFileName(rule);
      const fixtureKind: Kind = /compose/i.test(fileName) ? 'compose' : /\.(ya?ml|json)$/i.test(fileName) ? 'kubernetes' : 'dockerfile';
      if (fixtureKind === kind) texts.add(fixture.text);
    }
  }
  return [...texts].sort();
}

const DOCKERFILE_TOKENS = [
  'FROM', 'RUN', 'COPY', 'ADD', 'ENV', 'ARG', 'USER', 'WORKDIR', 'EXPOSE', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'ONBUILD', 'SHELL',
  'LABEL', 'VOLUME', 'STOPSIGNAL', 'MAINTAINER', ' AS ', '--from=', '--chown=', '--mount=type=secret,id=x', '--platform=$BUILDPLATFORM',
  '\\\n', '\n', '\r\n', ' ', '\t', '#', '# escape=`\n', '`\n', '<<EOF\n', '\nEOF\n', '<<-"EOT"\n', '"', "'", '[', ']', '["sh", "-c", "', '"]',
  '$', '${', '}', '$(', ')', '`', '&&', '||', '|', ';', '>', '2>&1', '<', '&', 'sudo ', 'curl -fsSL http://x/y | sh', 'wget -qO- ',
  'apt-get install -y ', 'apk add ', 'pip install ', 'npm install ', 'chmod 777 /', 'ubuntu:latest', 'alpine@sha256:', 'root', '0:0',
  'AWS_SECRET_ACCESS_KEY=', 'ghp_0123456789abcdefABCDEF0123456789abcd', 'password=hunter2', '\u00e9', '\u{1F600}', '\uFEFF', '\u0000',
];

const YAML_TOKENS = [
  'apiVersion: v1\n', 'kind: Pod\n', 'kind: Deployment\n', 'kind: List\n', 'items:\n', 'metadata:\n', 'spec:\n', 'template:\n',
  'containers:\n', '- name: app\n', 'image: nginx:latest\n', 'securityContext:\n', 'privileged: true\n', 'hostNetwork: true\n',
  'services:\n', 'web:\n', 'environment:\n', 'ports:\n', '- "80:80"\n', 'volumes:\n', '- /:/host\n', 'cap_add: [ALL]\n',
  '---\n', '...\n', '&a ', '*a', '<<: *a\n', '!!str ', '!!binary ', '? ', ': ', '- ', '  ', '    ', '\t', '\n', '#', '"', "'", '{', '}',
  '[', ']', ',', '|\n', '>-\n', '{{ .Values.image }}', '{{- if .x }}', '%YAML 1.2\n', '%TAG ! tag:x,2000:\n', 'null', '~', '0x1F', '1e400',
  'value: "ghp_0123456789abcdefABCDEF0123456789abcd"\n', '\u00e9', '\u{1F600}', '\uFEFF', '\u0000',
];

/** A mutation of a seed text: each operation is drawn from fast-check so a failing input shrinks. */
type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'splice'; at: number; seed: number; from: number; length: number }
  | { op: 'swapLines'; a: number; b: number };

function mutationArbitrary(tokens: readonly string[]): fc.Arbitrary<Mutation> {
  const position = fc.nat({ max: 1 << 16 });
  return fc.oneof(
    fc.record({ op: fc.constant('delete' as const), at: position, length: fc.nat({ max: 40 }) }),
    fc.record({ op: fc.constant('insert' as const), at: position, text: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 8, unit: 'binary' })) }),
    fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.nat({ max: 200 }) }),
    fc.record({ op: fc.constant('splice' as const), at: position, seed: fc.nat(), from: position, length: fc.nat({ max: 200 }) }),
    fc.record({ op: fc.constant('swapLines' as const), a: fc.nat({ max: 200 }), b: fc.nat({ max: 200 }) }),
  );
}

export function applyMutations(seed: string, mutations: readonly Mutation[], corpus: readonly string[]): string {
  let text = seed;
  for (const m of mutations) {
    const at = text.length === 0 ? 0 : ('at' in m ? m.at % (text.length + 1) : 0);
    switch (m.op) {
      case 'delete':
        text = text.slice(0, at) + text.slice(at + m.length);
        break;
      case 'insert':
        text = text.slice(0, at) + m.text + text.slice(at);
        break;
      case 'duplicate':
        text = text.slice(0, at) + text.slice(at, at + m.length) + text.slice(at);
        break;
      case 'splice': {
        const other = corpus[m.seed % corpus.length] ?? '';
        const from = other.length === 0 ? 0 : m.from % other.length;
        text = text.slice(0, at) + other.slice(from, from + m.length) + text.slice(at);
        break;
      }
      case 'swapLines': {
        const lines = text.split('\n');
        const a = m.a % lines.length;
        const b = m.b % lines.length;
        [lines[a], lines[b]] = [lines[b], lines[a]];
        text = lines.join('\n');
        break;
      }
    }
  }
  return text;
}

/** Mutated fixtures (most inputs) and token soup (the rest) for one document kind. */
export function documentArbitrary(kind: Kind): fc.Arbitrary<string> {
  const corpus = fixtureCorpus(kind);
  const tokens = kind === 'dockerfile' ? DOCKERFILE_TOKENS : YAML_TOKENS;
  const mutated = fc
    .tuple(fc.nat({ max: corpus.length - 1 }), fc.array(mutationArbitrary(tokens), { minLength: 1, maxLength: 8 }))
    .map(([i, mutations]) => applyMutations(corpus[i], mutations, corpus));
  const soup = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...tokens) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { maxLength: 60 }).map((parts) => parts.join(''));
  return fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: soup });
}

const FILE_NAMES: Record<Kind, string> = { dockerfile: 'Dockerfile', kubernetes: 'manifest.yaml', compose: 'compose.yaml' };

/** Every rule on, including the ones off by default. */
function strictConfig(): DrydockConfig {
  return { ...defaultConfig(), profiles: ['strict'] };
}

function within(range: Range, lines: LineIndex, text: string, what: string): void {
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  // offsetAt clamps: a range is inside the document when converting back gives the same position.
  const same = (p: Range['start'], o: number) => {
    const q = lines.positionAt(o);
    return q.line === p.line && q.character === p.character;
  };
  if (!same(range.start, start) || !same(range.end, end) || start > end || end > text.length) {
    throw new Error(`${what} range ${JSON.stringify(range)} is outside the document (${text.length} characters)`);
  }
}

/** Analyses `text` with every rule on; throws when a rule crashed, the parse failed or a range is outside the text. */
export function analyseChecked(kind: Kind, text: string, shellParser: ShellParser): Finding[] {
  const result = analyzeDocument({ fileName: FILE_NAMES[kind], text, languageId: kind === 'compose' ? 'dockercompose' : undefined }, strictConfig(), { shellParser, today: '2026-11-26', collectInputs: true });
  const crashes = result.errors.filter((e) => e.rule !== undefined || e.message.startsWith('could not parse'));
  if (crashes.length > 0) throw new Error(crashes.map((e) => e.message).join('; '));
  const lines = new LineIndex(text);
  for (const f of result.findings) {
    within(f.range, lines, text, `finding ${f.rule}`);
    for (const fix of f.fixes ?? []) for (const e of fix.edits) within(e.range, lines, text, `fix "${fix.title}" of ${f.rule}`);
  }
  for (const use of result.inputs?.imageUses ?? []) {
    const u = use as { start?: number; end?: number };
    if (u.start !== undefined && u.end !== undefined && (u.start < 0 || u.end > text.length || u.start > u.end)) throw new Error(`image reference [${u.start}, ${u.end}) outside the document`);
  }
  return result.findings;
}

/** Applies one fix's edits (back to front); throws when two edits of the fix overlap. */
export function applyFix(text: string, fix: Fix): { text: string; start: number; end: number } {
  const lines = new LineIndex(text);
  const edits = fix.edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const e of edits) {
    if (e.end > lastStart) throw new Error(`fix "${fix.title}" has overlapping edits`);
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    lastStart = e.start;
  }
  return { text: out, start: Math.min(...edits.map((e) => e.start)), end: Math.max(...edits.map((e) => e.end)) };
}

/** The values of the YAML documents that do not overlap [start, end]: a fix must leave them alone. */
function untouchedDocuments(text: string, start: number, end: number, delta: number): string[] {
  const file = parseYamlFile(text);
  return file.documents
    .filter((d) => {
      const r = d.document.range ?? [0, 0, 0];
      return r[1] < start || r[0] > end + delta;
    })
    .map((d) => {
      try {
        return JSON.stringify(d.document.toJS({ maxAliasCount: 100 }));
      } catch (error) {
        // An alias whose anchor is in another document has no value; compare the error instead.
        return `unreadable: ${(error as Error).message}`;
      }
    });
}

function documentTarget(kind: Kind, ctx: FuzzContext): FuzzTarget<string> {
  return { name: `${kind} analysis`, arbitrary: documentArbitrary(kind), check: (text) => void analyseChecked(kind, text, ctx.shellParser), show: (t) => JSON.stringify(t) };
}

/**
 * Every fix offered on a fuzzed document, applied alone: the result is analysed again without a crash, a
 * Dockerfile still parses, YAML gains no syntax error, and every YAML document the edit does not touch keeps
 * its value. (Text outside the edits is unchanged by construction; the edits must lie inside the document and
 * must not overlap, which analyseChecked and applyFix check.)
 */
function quickFixTarget(ctx: FuzzContext): FuzzTarget<{ kind: Kind; text: string }> {
  const arbitrary = fc.oneof(
    documentArbitrary('dockerfile').map((text) => ({ kind: 'dockerfile' as Kind, text })),
    documentArbitrary('kubernetes').map((text) => ({ kind: 'kubernetes' as Kind, text })),
    documentArbitrary('compose').map((text) => ({ kind: 'compose' as Kind, text })),
  );
  return {
    name: 'quick fixes',
    arbitrary,
    show: (i) => `${i.kind}: ${JSON.stringify(i.text)}`,
    check: ({ kind, text }) => {
      const findings = analyseChecked(kind, text, ctx.shellParser);
      const yamlProblems = kind === 'dockerfile' ? 0 : parseYamlFile(text).problems.length;
      for (const finding of findings) {
        for (const fix of finding.fixes ?? []) {
          const result = applyFix(text, fix);
          analyseChecked(kind, result.text, ctx.shellParser);
          if (kind === 'dockerfile') {
            parseDockerfile(result.text, ctx.shellParser);
            continue;
          }
          const after = parseYamlFile(result.text);
          if (yamlProblems === 0 && after.problems.length > 0) throw new Error(`fix "${fix.title}" of ${finding.rule} broke the YAML: ${after.problems[0].message}\n${result.text}`);
          if (yamlProblems > 0) continue;
          const delta = result.text.length - text.length;
          const before = untouchedDocuments(text, result.start, result.end, 0);
          const kept = untouchedDocuments(result.text, result.start, result.end, delta);
          for (const value of before) {
            if (!kept.includes(value)) throw new Error(`fix "${fix.title}" of ${finding.rule} changed a document it does not edit`);
          }
        }
      }
    },
  };
}

const SHELL_TOKENS = ['curl', 'sh', 'bash -c', 'sudo', 'env A=1', 'xargs', '|', '||', '&&', ';', '&', '$(', ')', '`', '"', "'", '<<EOF\n', '\nEOF\n', '{', '}', '(', ')', 'if', 'then', 'fi', 'for', 'do', 'done', 'case', 'esac', '\\\n', '\n', ' ', '>', '2>&1', '<(', '$((', '))', '${A:-', '[[', ']]', '#', '\u00e9', '\u{1F600}'];

function shellTarget(ctx: FuzzContext): FuzzTarget<string> {
  const arbitrary = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SHELL_TOKENS) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }), { maxLength: 80 }).map((p) => p.join(' '));
  return {
    name: 'RUN shell parsing',
    arbitrary,
    show: (t) => JSON.stringify(t),
    check: (script) => {
      const base = 7;
      const parsed = ctx.shellParser.parse(script, base);
      const inside = (s: number, e: number, what: string) => {
        if (s < base || e > base + script.length || s > e) throw new Error(`${what} [${s}, ${e}) outside the script [${base}, ${base + script.length})`);
      };
      for (const c of parsed.commands) {
        inside(c.start, c.end, 'command');
        for (const w of [c.name, ...c.args, ...c.assignments]) inside(w.start, w.end, 'word');
      }
      for (const a of parsed.variableAssignments) inside(a.start, a.end, 'assignment');
    },
  };
}

const REFERENCE_PART = fc.stringMatching(/^[a-z0-9]{1,8}([._-][a-z0-9]{1,6}){0,2}$/);

function imageReferenceTarget(): FuzzTarget<{ raw: string; expected?: { registry?: string; path: string; tag?: string; digest?: string } }> {
  const structured = fc
    .record({
      registry: fc.option(fc.oneof(fc.constant('localhost:5000'), fc.constant('ghcr.io'), REFERENCE_PART.map((p) => `${p}.example.com`)), { nil: undefined }),
      path: fc.array(REFERENCE_PART, { minLength: 1, maxLength: 3 }).map((p) => p.join('/')),
      tag: fc.option(fc.stringMatching(/^[\w][\w.-]{0,20}$/), { nil: undefined }),
      digest: fc.option(fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`), { nil: undefined }),
    })
    .map((e) => ({ raw: `${e.registry ? `${e.registry}/` : ''}${e.path}${e.tag ? `:${e.tag}` : ''}${e.digest ? `@${e.digest}` : ''}`, expected: e }));
  const junk = fc.string({ maxLength: 80, unit: 'grapheme-ascii' }).map((raw) => ({ raw }));
  return {
    name: 'image references',
    arbitrary: fc.oneof(structured, junk, fc.string({ maxLength: 40, unit: 'binary' }).map((raw) => ({ raw }))),
    show: (i) => JSON.stringify(i.raw),
    check: ({ raw, expected }) => {
      const ref = parseImageReference(raw);
      if (ref) {
        referenceProblems(ref);
        if (ref.name !== `${ref.registry}/${ref.repository}`) throw new Error(`name ${ref.name} is not registry/repository`);
      }
      if (!expected) return;
      if (!ref) throw new Error(`valid reference ${raw} did not parse`);
      if (referenceProblems(ref).length > 0) throw new Error(`valid reference ${raw} reported problems: ${referenceProblems(ref).join('; ')}`);
      if (ref.tag !== expected.tag || ref.digest !== expected.digest) throw new Error(`tag/digest of ${raw} read as ${ref.tag}/${ref.digest}`);
      if (expected.registry && ref.registry !== expected.registry) throw new Error(`registry of ${raw} read as ${ref.registry}`);
    },
  };
}

const VERSION = fc.oneof(
  fc.stringMatching(/^([0-9]{1,3}:)?[0-9]{1,4}(\.[0-9a-z]{1,4}){0,4}([-+~_][0-9a-z.~+]{1,8})?(-r[0-9]{1,2})?$/),
  fc.string({ maxLength: 16, unit: fc.constantFrom(...'0123456789.-+~:_^abcprlv'.split('')) }),
  fc.string({ maxLength: 12 }),
);

function versionTarget(): FuzzTarget<{ scheme: (typeof versionSchemes)[number]; a: string; b: string }> {
  return {
    name: 'version comparators',
    arbitrary: fc.record({ scheme: fc.constantFrom(...versionSchemes), a: VERSION, b: VERSION }),
    show: (i) => `${i.scheme}: ${JSON.stringify(i.a)} vs ${JSON.stringify(i.b)}`,
    check: ({ scheme, a, b }) => {
      const compare = (x: string, y: string): number | 'invalid' => {
        try {
          const c = compareVersions(scheme, x, y);
          if (c !== -1 && c !== 0 && c !== 1) throw new Error(`comparison gave ${String(c)}`);
          return c;
        } catch (error) {
          if (error instanceof InvalidVersionError) return 'invalid';
          throw error;
        }
      };
      const ab = compare(a, b);
      const ba = compare(b, a);
      if (ab === 'invalid' || ba === 'invalid') {
        if ((ab === 'invalid') !== (ba === 'invalid')) throw new Error('refused one order but not the other');
        return;
      }
      if (ab !== -ba && !(ab === 0 && ba === 0)) throw new Error(`not antisymmetric: ${ab} and ${ba}`);
      if (isValidVersion(scheme, a) && compare(a, a) !== 0) throw new Error(`${a} differs from itself`);
    },
  };
}

function osvTarget(): FuzzTarget<{ affected: OsvAffected; ecosystem: string; version: string }> {
  const event: fc.Arbitrary<OsvEvent> = fc.oneof(
    VERSION.map((v) => ({ introduced: v })),
    fc.constant({ introduced: '0' }),
    VERSION.map((v) => ({ fixed: v })),
    VERSION.map((v) => ({ last_affected: v })),
    fc.oneof(VERSION, fc.constant('*')).map((v) => ({ limit: v })),
  );
  const range = fc.record({ type: fc.constantFrom('ECOSYSTEM', 'SEMVER', 'GIT', 'OTHER'), events: fc.array(event, { maxLength: 6 }) });
  const affected: fc.Arbitrary<OsvAffected> = fc.record({ ranges: fc.option(fc.array(range, { maxLength: 3 }), { nil: undefined }), versions: fc.option(fc.array(VERSION, { maxLength: 4 }), { nil: undefined }) });
  return {
    name: 'OSV range evaluation',
    arbitrary: fc.record({ affected, ecosystem: fc.constantFrom('Debian:12', 'Alpine:v3.19', 'Ubuntu:22.04', 'Red Hat', 'npm', 'PyPI', 'Go', 'Unknown'), version: VERSION }),
    show: (i) => JSON.stringify(i),
    check: ({ affected: a, ecosystem, version }) => {
      try {
        const result = evaluateAffected(a, ecosystem, version);
        if (!result.affected && result.fixedVersion !== undefined) throw new Error('a fix for a version that is not affected');
      } catch (error) {
        if (!(error instanceof InvalidVersionError)) throw error;
      }
    },
  };
}

/** The seed layers the tar target mutates: plain tar and gzip, with the files the inventory reads. */
export async function layerSeeds(): Promise<FuzzContext['layerSeeds']> {
  const entries = [
    file('etc/os-release', 'ID=debian\nVERSION_ID="12"\n'),
    file('var/lib/dpkg/status', 'Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\n\nPackage: zlib1g\nStatus: install ok installed\nSource: zlib\nVersion: 1:1.2.13-1\n'),
    file('lib/apk/db/installed', 'P:musl\nV:1.2.4-r2\n\nP:busybox\nV:1.36.1-r5\n'),
    file('usr/lib/node_modules/x/package.json', '{"name":"x","version":"1.0.0"}'),
    file('usr/lib/python3/dist-packages/y-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\nName: y\nVersion: 1.0\n'),
    whiteout('etc/old'),
    { name: '../../escape', content: 'x' },
    { name: 'etc/link', type: 'symlink' as const, target: '/etc/shadow' },
  ];
  const tarBlob = await tarOf(entries);
  return [
    { blob: tarBlob, mediaType: MEDIA_TYPE.tar },
    { blob: gzipSync(tarBlob), mediaType: MEDIA_TYPE.gzip },
  ];
}

type ByteMutation = { op: 'flip'; at: number; value: number } | { op: 'truncate'; at: number } | { op: 'insert'; at: number; bytes: number[] } | { op: 'delete'; at: number; length: number };

function layerTarget(ctx: FuzzContext): FuzzTarget<{ seed: number; mutations: ByteMutation[] }> {
  const at = fc.nat({ max: 1 << 14 });
  const mutation: fc.Arbitrary<ByteMutation> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('flip' as const), at, value: fc.nat({ max: 255 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at, bytes: fc.array(fc.nat({ max: 255 }), { maxLength: 16 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at, length: fc.nat({ max: 600 }) }) },
  );
  const limits = withDefaultLimits({ maxDecompressedBytesPerLayer: 4 << 20, maxEntriesPerLayer: 10_000, maxBytesWithoutEntry: 256 << 10 });
  return {
    name: 'layer/tar reading',
    arbitrary: fc.record({ seed: fc.nat(), mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }) }),
    show: (i) => JSON.stringify(i),
    check: async ({ seed, mutations }) => {
      const { blob, mediaType } = ctx.layerSeeds[seed % ctx.layerSeeds.length];
      let bytes = Buffer.from(blob);
      for (const m of mutations) {
        const p = m.at % (bytes.length + 1);
        if (m.op === 'flip') {
          if (p < bytes.length) bytes[p] = m.value;
        } else if (m.op === 'truncate') bytes = bytes.subarray(0, p);
        else if (m.op === 'insert') bytes = Buffer.concat([bytes.subarray(0, p), Buffer.from(m.bytes), bytes.subarray(p)]);
        else bytes = Buffer.concat([bytes.subarray(0, p), bytes.subarray(p + m.length)]);
      }
      const extract = await readLayer(layerOf(bytes, mediaType), limits);
      for (const f of extract.files) {
        if (f.path.startsWith('/') || f.path.split('/').includes('..')) throw new Error(`extracted path escapes the root: ${f.path}`);
      }
      for (const p of extract.hiddenPaths) if (p.split('/').includes('..')) throw new Error(`hidden path escapes the root: ${p}`);
    },
  };
}

/** Every target, in report order. */
export function fuzzTargets(ctx: FuzzContext): FuzzTarget<never>[] {
  return [
    documentTarget('dockerfile', ctx),
    documentTarget('kubernetes', ctx),
    documentTarget('compose', ctx),
    shellTarget(ctx),
    imageReferenceTarget(),
    versionTarget(),
    osvTarget(),
    layerTarget(ctx),
    quickFixTarget(ctx),
  ] as unknown as FuzzTarget<never>[];
}
