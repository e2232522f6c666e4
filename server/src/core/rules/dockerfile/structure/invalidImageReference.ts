import type { DockerfileRule } from '../../../rule';
import { parseImageReference, referenceProblems } from '../../../documents/imageReference';

/** `FROM Ubuntu:22.04` or `FROM node:18@sha256:abc`: Docker cannot parse the reference. */
export const invalidImageReference: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/invalid-image-reference',
  title: 'Invalid image reference in FROM',
  severity: 'error',
  category: 'correctness',
  equivalents: ['dockerfile-utils:INVALID_REFERENCE_FORMAT'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A `FROM` image that is not a valid reference: uppercase repository, bad tag characters, malformed digest.',
    why: 'Docker stops with "invalid reference format" before building anything.',
    fix: 'Write the reference as `[registry/]repository[:tag][@sha256:<64 hex>]` with a lowercase repository: `FROM ubuntu:24.04`.',
  },
  fixtures: [
    { text: 'FROM Ubuntu:24.04\n', expect: ['Ubuntu'] },
    { text: 'FROM ghcr.io/Org/app:1\n', expect: ['ghcr.io'], note: 'repository paths must be lowercase' },
    { text: 'FROM node:22@sha256:abc\n', expect: ['node:22@'] },
    { text: 'FROM ubuntu:24.04\nFROM ghcr.io/org/app:1\nFROM localhost:5000/app\nFROM $BASE\nFROM scratch\n', expect: [], note: 'registry with port, variables and scratch' },
  ],
  check({ model, report }) {
    for (const stage of model.stages) {
      if (!stage.imageSpan || stage.parent || stage.image.includes('$')) continue;
      const ref = parseImageReference(stage.image);
      if (!ref) continue;
      const problems = referenceProblems(ref);
      if (problems.length === 0) continue;
      report({ start: stage.imageSpan.start, end: stage.imageSpan.end, message: `"${stage.image}" is not a valid image reference: ${problems.join(', ')}.` });
    }
  },
};
