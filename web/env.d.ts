/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base URL of the command API (default: http://<page hostname>:3001). */
  readonly VITE_COMMAND_API?: string;
  /** Base URL of the query API (default: http://<page hostname>:3002). */
  readonly VITE_QUERY_API?: string;
  /** The OIDC issuer the dashboard signs in at (default: http://<page hostname>:3004, the local identity provider); empty: API keys only. */
  readonly VITE_OIDC_ISSUER?: string;
  /** The dashboard's OAuth client id at that issuer (default: conveyor-dashboard). */
  readonly VITE_OIDC_CLIENT_ID?: string;
  /** Scopes asked for (default: `openid profile roles`); e.g. Cognito's resource-server scope. */
  readonly VITE_OIDC_SCOPE?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
