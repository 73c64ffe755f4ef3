export { createIdentityService } from './identityService';
export { identityRoutes } from './routes';
export { identityPaths, identityComponents } from './openApi';

export type { IdentityService, IdentityServiceDeps, ApiKeyAnswer } from './identityService';
