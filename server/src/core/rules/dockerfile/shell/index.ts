import type { DockerfileRule } from '../../../rule';

export const shellRules: readonly DockerfileRule[] = [];
