import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRole } from '../../../../libs/contracts/src';
import type { Principal } from '../common/tenant';

const ROLES = 'roles';
/** Routes that change state or place calls are for admins; viewers only read. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    if (principal && roles.includes(principal.role)) return true;
    throw new ForbiddenException(`Requires role: ${roles.join(' or ')}`);
  }
}
