import type { DockerfileRule } from '../../../rule';

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386' };

function unquote(value: string): string {
  return value.trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** `FROM --platform=linux/amd64 …` hard-wires the platform into the file. */
export const fromPlatformConstant: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/from-platform-constant',
  title: 'FROM --platform uses a constant value',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL3029', 'buildkit:FromPlatformFlagConstDisallowed'],
  compliance: [],
  fixable: false,
  explanation: {
    what:
      '`FROM --platform=` is given a literal platform such as `linux/amd64` instead of a build variable. A stage whose name ' +
      'mentions the platform (`AS build-amd64`) is taken as deliberately platform-specific and not reported, like BuildKit does.',
    why:
      'A constant platform overrides `docker build --platform` and multi-platform builds: an arm64 build silently ' +
      'produces (or emulates) amd64 layers, which is slow and surprising.',
    fix:
      'Pass the platform at build time (`docker build --platform linux/amd64 .`), or use the automatic build args for ' +
      'cross-compilation:\n\n```dockerfile\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\n' +
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app\n```\n\nIf the image truly exists for one platform only, name the stage after it (`AS tool-amd64`).',
  },
  fixtures: [
    { text: 'FROM --platform=linux/amd64 debian:12\n', expect: ['FROM'] },
    { text: 'FROM --platform=linux debian:12\n', expect: ['FROM'] },
    { text: 'FROM --platform=$BUILDPLATFORM debian:12\n', expect: [] },
    { text: 'FROM --platform="${BUILDPLATFORM:-}" debian:12\n', expect: [] },
    { text: 'FROM --platform=linux/$TARGETARCH debian:12\n', expect: [], note: 'partly variable' },
    { text: 'FROM --platform=linux/amd64 scratch AS my_amd64_stage\n', expect: [], note: 'stage named after its platform' },
    { text: 'FROM --platform=linux/x86_64 debian:12 AS build-amd64\n', expect: [], note: 'architecture aliases' },
    { text: 'FROM debian:12\n', expect: [] },
  ],
  check({ model, report }) {
    for (const stage of model.stages) {
      const flag = stage.platform;
      if (!flag || flag.value === null) continue;
      const value = unquote(flag.value);
      if (!value || value.includes('$')) continue;
      const [os = '', arch = '', variant = ''] = value.toLowerCase().split('/');
      const stageName = (stage.name ?? '').toLowerCase();
      const parts = [os, ARCH_ALIASES[arch] ?? arch, arch, variant].filter(Boolean);
      if (stageName && parts.some((p) => stageName.includes(p))) continue;
      report({
        start: stage.from.keywordStart,
        end: flag.end,
        message: `FROM --platform uses the constant "${value}", which overrides \`docker build --platform\`; use $BUILDPLATFORM/$TARGETPLATFORM or pass the platform at build time (or name the stage after the platform if it is deliberate).`,
        evidence: value,
      });
    }
  },
};
