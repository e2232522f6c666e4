import type { DockerfileRule } from '../../../rule';
import { latestTag } from './latestTag';

export const imageRules: readonly DockerfileRule[] = [latestTag];
