import type { DockerfileRule } from '../../../rule';
import { finalStageChain } from '../helpers';

/** The final image declares no HEALTHCHECK (nor `HEALTHCHECK NONE`). Off by default: orchestrators probe on their own. */
export const missingHealthcheck: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/missing-healthcheck',
  title: 'Final image has no HEALTHCHECK',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3057', 'checkov:CKV_DOCKER_2', 'trivy:DS-0026'],
  compliance: ['CIS-Docker-4.6'],
  enabledByDefault: false,
  fixable: false,
  explanation: {
    what: 'Neither the final stage nor the stages it builds on declare a `HEALTHCHECK`. `HEALTHCHECK NONE` counts as a deliberate decision.',
    why:
      'Without a health check, Docker (and Swarm or Compose `depends_on: service_healthy`) only knows whether the process is running, not whether it ' +
      'still serves. Kubernetes ignores HEALTHCHECK and uses its own probes, which is why this rule is off by default.',
    fix: 'Declare one, or record that you rely on the orchestrator:\n\n```dockerfile\nHEALTHCHECK --interval=30s CMD ["/app/healthcheck"]\n# or\nHEALTHCHECK NONE\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nCMD ["/app"]\n', expect: ['FROM alpine:3.20'] },
    { text: 'FROM alpine:3.20\nHEALTHCHECK NONE\n', expect: [] },
    { text: 'FROM alpine:3.20 AS base\nHEALTHCHECK CMD ["/bin/check"]\nFROM base\n', expect: [], note: 'inherited from the parent stage' },
    { text: 'FROM golang:1.23 AS build\nHEALTHCHECK CMD ["/bin/check"]\nFROM alpine:3.20\n', expect: ['FROM alpine:3.20'], note: 'only the final stage matters' },
    { text: 'FROM alpine:3.20\nONBUILD HEALTHCHECK CMD ["/bin/check"]\n', expect: ['FROM alpine:3.20'], note: 'ONBUILD applies to child images only' },
  ],
  check({ model, report }) {
    const chain = finalStageChain(model);
    const final = model.finalStage;
    if (!final) return;
    if (chain.some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK'))) return;
    const span = final.imageSpan ?? { start: final.from.keywordStart, end: final.from.keywordEnd };
    report({
      start: final.from.start,
      end: span.end,
      message: 'The final image declares no HEALTHCHECK; add one (or `HEALTHCHECK NONE` if the orchestrator probes the container).',
    });
  },
};
