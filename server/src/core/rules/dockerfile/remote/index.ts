import type { DockerfileRule } from '../../../rule';

export const remoteContentRules: readonly DockerfileRule[] = [];
