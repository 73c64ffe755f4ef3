/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base URL of the command API (default: http://<page hostname>:3001). */
  readonly VITE_COMMAND_API?: string;
  /** Base URL of the query API (default: http://<page hostname>:3002). */
  readonly VITE_QUERY_API?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
