export { startInProcessPlatform } from './startInProcessPlatform';

export type { InProcessPlatform } from './startInProcessPlatform';
