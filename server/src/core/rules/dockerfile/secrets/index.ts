import type { DockerfileRule } from '../../../rule';

export const secretRules: readonly DockerfileRule[] = [];
