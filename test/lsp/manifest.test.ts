/**
 * The extension manifest, grammar injections and config schema: consistent with the server,
 * the client and the config parser.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { DOCKERFILE_NAME_PATTERNS } from '../../server/src/core/documents/detect';
import { parseConfigText } from '../../server/src/core/config';
import { COMMAND_PLACE_CURSOR, COMMAND_SHOW_DOCUMENTATION } from '../../server/src/lsp/codeActions';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes;
const clientDir = join(root, 'client', 'src');
const clientSource = readdirSync(clientDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(clientDir, f), 'utf8'))
  .join('\n');

describe('extension manifest', () => {
  it('activates on Dockerfiles, YAML, compose and JSON (and folders with container files), and declares limited untrusted-workspace support', () => {
    const events = pkg.activationEvents as string[];
    assert.deepEqual(
      events.filter((e) => e.startsWith('onLanguage:')),
      ['onLanguage:dockerfile', 'onLanguage:yaml', 'onLanguage:dockercompose', 'onLanguage:json'],
    );
    // Never on every startup: only folders that hold files Drydock analyses (for drydock.workspace.scanOnStartup).
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
    assert.ok(events.filter((e) => !e.startsWith('onLanguage:')).every((e) => e.startsWith('workspaceContains:')));
    assert.equal(pkg.main, './dist/client.js');
    assert.match(pkg.engines.vscode, /^\^1\.100\./);
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(untrusted.restrictedConfigurations.includes('drydock.network.enabled'));
  });

  it('claims exactly the Dockerfile names the core recognises', () => {
    const [language] = contributes.languages;
    assert.equal(language.id, 'dockerfile');
    const claimed = [...language.filenames, ...language.filenamePatterns, ...language.extensions.map((e: string) => `*${e}`)];
    assert.deepEqual([...claimed].sort(), [...DOCKERFILE_NAME_PATTERNS].sort());
  });

  it('documents every setting with a scope, a default and markdown', () => {
    const properties = contributes.configuration.properties as Record<string, Record<string, unknown>>;
    for (const [key, setting] of Object.entries(properties)) {
      assert.match(key, /^drydock\./);
      assert.ok(setting.scope, `${key}: scope`);
      assert.ok('default' in setting, `${key}: default`);
      assert.ok(typeof setting.markdownDescription === 'string' && setting.markdownDescription.length > 20, `${key}: markdownDescription`);
    }
    assert.deepEqual(properties['drydock.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.equal(properties['drydock.network.enabled'].default, false);
    for (const key of ['drydock.enable', 'drydock.rules', 'drydock.trustedRegistries', 'drydock.profiles', 'drydock.inlineSuppressions', 'drydock.maxFileSize']) {
      assert.ok(properties[key], key);
    }
  });

  it('declares every command the client registers and the server refers to', () => {
    const declared = (contributes.commands as { command: string }[]).map((c) => c.command).sort();
    const registered = [...clientSource.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual(declared, registered);
    for (const command of [COMMAND_PLACE_CURSOR, COMMAND_SHOW_DOCUMENTATION, 'drydock.restartServer', 'drydock.showOutput']) assert.ok(declared.includes(command), command);
  });

  it('points at files that exist, and ships them', () => {
    for (const grammar of contributes.grammars) assert.ok(existsSync(join(root, grammar.path)), grammar.path);
    for (const validation of contributes.yamlValidation) assert.ok(existsSync(join(root, validation.url)), validation.url);
    const media = [
      ...contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon),
      ...contributes.walkthroughs.flatMap((w: { steps: { media: { markdown: string } }[] }) => w.steps.map((s) => s.media.markdown)),
      'media/report.css',
      'media/report.js',
    ];
    for (const file of media) assert.ok(existsSync(join(root, file)), file);
    assert.match(readFileSync(join(root, '.vscodeignore'), 'utf8'), /^!media\/\*\*$/m, 'media/ is in the package whitelist');
  });

  it('contributes the findings view with a welcome that scans, and a walkthrough whose commands exist', () => {
    const views = Object.values(contributes.views as Record<string, { id: string }[]>).flat();
    assert.ok(views.some((v) => v.id === 'drydock.findings'));
    assert.ok((contributes.views.drydock as { id: string }[]).some((v) => v.id === 'drydock.findings'), 'in the Drydock activity-bar container');
    const welcome = (contributes.viewsWelcome as { view: string; contents: string }[]).filter((w) => w.view === 'drydock.findings');
    assert.ok(welcome.length > 0 && welcome.every((w) => w.contents.includes('(command:drydock.scanWorkspace)')));
    const declared = new Set((contributes.commands as { command: string }[]).map((c) => c.command));
    const builtIn = new Set(['workbench.actions.view.problems', 'editor.action.quickFix']);
    for (const step of contributes.walkthroughs[0].steps as { description: string; completionEvents: string[] }[]) {
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(declared.has(command) || builtIn.has(command), command);
      for (const event of step.completionEvents) assert.ok(declared.has(event.replace('onCommand:', '')) || builtIn.has(event.replace('onCommand:', '')), event);
    }
    for (const item of contributes.menus['view/title'] as { command: string }[]) assert.ok(declared.has(item.command), item.command);
  });
});

describe('ignore-comment grammar injections', () => {
  const cases: [string, string, string[]][] = [
    ['dockerfile', '# drydock-ignore dockerfile/latest-tag,dockerfile/root-user -- base image is internal', ['drydock-ignore', 'dockerfile/latest-tag,dockerfile/root-user', '--', 'base image is internal']],
    ['dockerfile', '  #drydock-ignore-file dockerfile/latest-tag', ['drydock-ignore-file', 'dockerfile/latest-tag']],
    ['yaml', 'image: nginx:latest # drydock-ignore kubernetes/latest-tag -- demo', ['drydock-ignore', 'kubernetes/latest-tag', '--', 'demo']],
  ];
  for (const [kind, line, expected] of cases) {
    it(`${kind}: ${line}`, () => {
      const grammar = JSON.parse(readFileSync(join(root, 'syntaxes', `drydock-ignore.${kind}.tmLanguage.json`), 'utf8'));
      assert.match(grammar.injectionSelector, new RegExp(`^L:source\\.${kind}`));
      const m = new RegExp(grammar.repository['ignore-comment'].match).exec(line);
      assert.ok(m, 'matches');
      const captured = m.slice(1).filter((c) => c !== undefined && c.trim() !== '' && c !== '#');
      assert.deepEqual(captured, expected);
    });
  }
  it('dockerfile: a # inside an instruction is not a comment', () => {
    const grammar = JSON.parse(readFileSync(join(root, 'syntaxes', 'drydock-ignore.dockerfile.tmLanguage.json'), 'utf8'));
    assert.equal(new RegExp(grammar.repository['ignore-comment'].match).exec('RUN echo "# drydock-ignore x"'), null);
  });
});

describe('config schema', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'drydock.schema.json'), 'utf8'));
  const validate = new Ajv({ strict: false }).compile(schema);
  const valid = [
    'rules:\n  dockerfile/latest-tag: off\n  dockerfile/root-user: error\n',
    'rules:\n  dockerfile/apt-get-unpinned:\n    severity: warning\n    options:\n      allow: [curl]\n',
    'profiles: [strict]\ntrustedRegistries:\n  - registry.example.com\ninlineSuppressions: false\nmaxFileSize: 4MB\n',
    'network: false\nmodel:\n  enabled: false\n  threshold: 0.7\n',
    'profile: strict\nignorePaths: ["vendor/**"]\nrules:\n  dockerfile/latest-tag: false\n',
  ];
  const invalid = ['rulez: {}\n', 'rules:\n  dockerfile/latest-tag: loud\n', 'maxFileSize: huge\n', 'network: maybe\n'];
  const { parse } = require('yaml') as typeof import('yaml');

  for (const text of valid) {
    it(`accepts what the parser accepts: ${JSON.stringify(text.slice(0, 50))}`, () => {
      assert.deepEqual(parseConfigText(text).problems, []);
      assert.ok(validate(parse(text)), JSON.stringify(validate.errors));
    });
  }
  for (const text of invalid) {
    it(`rejects what the parser reports: ${JSON.stringify(text.trim())}`, () => {
      assert.ok(parseConfigText(text).problems.length > 0);
      assert.equal(validate(parse(text)), false);
    });
  }
});
