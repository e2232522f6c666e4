import type { DockerfileRule } from '../../../rule';

/** Comments that switch findings off, in every spelling the engine honours. */
const PRAGMAS: { pattern: RegExp; name: string }[] = [
  { pattern: /^hadolint\s+(global\s+|stage\s+)?ignore\s*=/, name: 'hadolint ignore' },
  { pattern: /^drydock-ignore(-file)?\s+\S/, name: 'drydock-ignore' },
  { pattern: /^trivy:ignore:/, name: 'trivy:ignore' },
  { pattern: /^checkov:skip=/, name: 'checkov:skip' },
  { pattern: /^kics-scan\s+disable=/, name: 'kics-scan disable' },
];

/** Inline ignore pragmas, for organisations that want every exception reviewed centrally. Off by default. */
export const ignorePragmaUsed: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/ignore-pragma-used',
  title: 'Inline ignore pragma used',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL1001'],
  compliance: [],
  enabledByDefault: false,
  fixable: false,
  explanation: {
    what: 'A comment that suppresses findings: `# hadolint ignore=…`, `# drydock-ignore …`, `# trivy:ignore:…`, `# checkov:skip=…`, `# kics-scan disable=…`.',
    why:
      'Inline suppressions let anyone silence a security check in the same change that introduces the problem. Teams that require exceptions to be ' +
      'reviewed centrally (in `.drydock.yaml`) enable this rule, or set `inlineSuppressions: false`.',
    fix: 'Fix the finding, or move the exception to the reviewed configuration (`rules: { dockerfile/…: off }` or a path ignore).',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add curl\n', expect: ['# hadolint'] },
    { text: 'FROM alpine:3.20\n# drydock-ignore dockerfile/latest-tag -- vendor image\nRUN true\n', expect: ['# drydock-ignore'] },
    { text: '# hadolint ignore=DL3003\nFROM alpine:3.20\n', expect: ['# hadolint'], note: 'first line, where directives live' },
    { text: '# hadolint shell=powershell\nFROM alpine:3.20\n# just a comment about ignore=DL3018\n', expect: [] },
  ],
  check({ model, report }) {
    // A pragma on the first lines can be taken for a parser directive by the parser; read those from the source.
    const fromDirectives = model.directives.map((d) => ({ start: d.span.start, end: d.span.end, content: model.text.slice(d.span.start, d.span.end).replace(/^\s*#\s*/, '').trim() }));
    for (const comment of [...fromDirectives, ...model.comments]) {
      const pragma = PRAGMAS.find((p) => p.pattern.test(comment.content));
      if (!pragma) continue;
      report({ start: comment.start, end: comment.end, message: `Inline "${pragma.name}" pragma: exceptions should be fixed or recorded in the reviewed configuration.` });
    }
  },
};
