import type { DockerfileRule } from '../../../rule';

export const packageRules: readonly DockerfileRule[] = [];
