import { Injectable, UseGuards, applyDecorators } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Principal } from './tenant';

/** Counts per organization, so one tenant's script cannot use up another's budget. */
@Injectable()
export class OrganizationThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = request.principal as Principal | undefined;
    return Promise.resolve(principal?.organizationId ?? String(request.ip));
  }
}

/** Routes that start, steer or feed calls: limited by RATE_LIMIT_CALL_CONTROL_PER_MINUTE (in-process counts). */
export const CallControlRateLimit = () => applyDecorators(UseGuards(OrganizationThrottlerGuard));
