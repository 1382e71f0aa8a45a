import { Injectable, UseGuards, applyDecorators } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Principal } from './tenant';

/** Failed or not, a login counts; ten a minute per address and account stops password guessing. */
const LOGINS_PER_MINUTE = 10;

/**
 * Counts per organization, so one tenant's script cannot use up another's budget; before login, per
 * client address and account.
 */
@Injectable()
export class OrganizationThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = request.principal as Principal | undefined;
    if (principal) return Promise.resolve(principal.organizationId);
    const email = (request.body as { email?: unknown } | undefined)?.email;
    return Promise.resolve(`${String(request.ip)}:${typeof email === 'string' ? email.toLowerCase() : ''}`);
  }
}

/** Routes that start, steer or feed calls: limited by RATE_LIMIT_CALL_CONTROL_PER_MINUTE (in-process counts). */
export const CallControlRateLimit = () => applyDecorators(UseGuards(OrganizationThrottlerGuard));

export const LoginRateLimit = () =>
  applyDecorators(UseGuards(OrganizationThrottlerGuard), Throttle({ default: { limit: LOGINS_PER_MINUTE, ttl: 60_000 } }));
