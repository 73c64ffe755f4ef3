import { resolve } from 'node:path';
import { runService } from '@conveyor/runtime';
import { dashboardOriginsOf, issuerOf, loadConfig } from './config';
import { createIdentityProvider } from './createIdentityProvider';
import { loadOrCreateKeys } from './signingKeys';
import { seededUsers } from './users';

void runService({
  service: 'identity',
  loadConfig: () => loadConfig(),
  async start(config, { logger }) {
    // 1. The keys, generated once and kept, so issued tokens survive a restart.
    const keys = loadOrCreateKeys(resolve(config.IDP_STATE_DIR));
    // 2. The provider, its one client and the seeded users.
    const issuer = issuerOf(config);
    const idp = await createIdentityProvider({
      issuer, audience: config.IDP_AUDIENCE, dashboardOrigins: dashboardOriginsOf(config), keys, users: seededUsers,
      accessTokenTtl: config.IDP_ACCESS_TOKEN_TTL, logger,
    });
    // 3. Listen.
    await idp.listen(config.IDP_PORT, config.IDP_HOST);
    logger.info({ issuer, audience: config.IDP_AUDIENCE, users: seededUsers.map((u) => u.username) }, 'identity provider listening');
    return { close: idp.close };
  },
});
