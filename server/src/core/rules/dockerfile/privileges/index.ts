import type { DockerfileRule } from '../../../rule';

export const privilegeRules: readonly DockerfileRule[] = [];
