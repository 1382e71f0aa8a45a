import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UserRole } from '../../../../libs/contracts/src';

/** Who is calling: every query is scoped by this organization. */
export interface Principal {
  userId: string;
  organizationId: string;
  role: UserRole;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<{ principal: Principal }>();
  return request.principal;
});
