import type { DockerfileRule } from '../../../rule';

export const integrityRules: readonly DockerfileRule[] = [];
