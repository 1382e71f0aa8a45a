import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UserRole } from '../../../../libs/contracts/src';

/** Who is calling: every query is scoped by this organization. */
export interface Principal {
  /** The user, or for an API key "api-key:<id>". */
  userId: string;
  /** Set when the caller is an API key rather than a user. */
  apiKeyId?: string;
  organizationId: string;
  role: UserRole;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<{ principal: Principal }>();
  return request.principal;
});
