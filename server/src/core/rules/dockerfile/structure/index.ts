import type { DockerfileRule } from '../../../rule';

export const structureRules: readonly DockerfileRule[] = [];
