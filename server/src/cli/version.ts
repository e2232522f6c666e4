import packageJson from '../../../package.json';

export const TOOL_NAME = 'drydock';
export const TOOL_VERSION: string = packageJson.version;
