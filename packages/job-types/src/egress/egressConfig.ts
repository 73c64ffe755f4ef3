import { z } from 'zod';
import { parseEgressRules, type EgressSettings } from './egressPolicy';

/** `a,b,…`: CIDRs, addresses and host names (`*.example.com` for subdomains); each entry checked at start. */
const egressRules = () => z.string().default('').transform((s, ctx) => {
  try {
    parseEgressRules(s);
    return s.split(',').map((x) => x.trim()).filter(Boolean);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const bool = (def: boolean) => z.enum(['true', 'false', '1', '0']).default(def ? 'true' : 'false').transform((v) => v === 'true' || v === '1');

/**
 * The egress settings of the services that decide where jobs may connect, for their config schemas
 * (public): the processors (the fetch port of http.request and webhook.deliver) and the command API
 * (webhook URLs are checked at subscription). Both must hold the same values.
 */
export const egressConfigShape = {
  /** Where jobs may not connect / may connect even in a refused range (deny wins). */
  EGRESS_DENY: egressRules(),
  EGRESS_ALLOW: egressRules(),
  /** Only EGRESS_ALLOW targets are reached. */
  EGRESS_ALLOWLIST_ONLY: bool(false),
  /** Loopback targets (127.0.0.0/8, ::1) are reached: set by the local platform and tests, never in production. */
  EGRESS_ALLOW_LOOPBACK: bool(false),
  /** Private targets (10/8, 172.16/12, 192.168/16, fc00::/7) are reached. */
  EGRESS_ALLOW_PRIVATE: bool(false),
};

/** The egress keys of a parsed configuration. */
export interface EgressConfig {
  EGRESS_DENY: string[];
  EGRESS_ALLOW: string[];
  EGRESS_ALLOWLIST_ONLY: boolean;
  EGRESS_ALLOW_LOOPBACK: boolean;
  EGRESS_ALLOW_PRIVATE: boolean;
}

/** The policy settings of a parsed configuration (pure, public). */
export function egressSettingsOf(config: EgressConfig): EgressSettings {
  return {
    allow: config.EGRESS_ALLOW, deny: config.EGRESS_DENY, allowlistOnly: config.EGRESS_ALLOWLIST_ONLY,
    allowLoopback: config.EGRESS_ALLOW_LOOPBACK, allowPrivate: config.EGRESS_ALLOW_PRIVATE,
  };
}
