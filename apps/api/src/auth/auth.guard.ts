import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { User } from '../../../../libs/db/src';
import type { Principal } from '../common/tenant';
import { API_KEY_PREFIX, ApiKeysService } from './api-keys.service';

export const PUBLIC_ROUTE = 'publicRoute';
/** Marks a route that needs no credential (login, health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** A user's Bearer JWT, or an API key in `X-API-Key` (or as the Bearer token). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly apiKeys: ApiKeysService,
    private readonly reflector: Reflector,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const [scheme, bearer] = (request.headers.authorization ?? '').split(' ');
    const token = scheme === 'Bearer' && bearer ? bearer : undefined;
    const apiKey = request.headers['x-api-key'] ?? (token?.startsWith(API_KEY_PREFIX) ? token : undefined);
    if (apiKey) {
      const principal = await this.apiKeys.authenticate(apiKey);
      if (!principal) throw new UnauthorizedException('Invalid or revoked API key');
      request.principal = principal;
      return true;
    }
    if (!token) throw new UnauthorizedException('Missing credentials: send a Bearer token or an X-API-Key header');
    let userId: string;
    try {
      userId = (await this.jwt.verifyAsync<{ sub: string }>(token)).sub;
    } catch {
      throw new UnauthorizedException('Invalid or expired token');
    }
    // The user as they are now: a removed user or a changed role takes effect at once, not when the token expires.
    const user = await this.users.findOne({ where: { id: userId }, select: { id: true, organizationId: true, role: true } });
    if (!user) throw new UnauthorizedException('The user of this token no longer exists');
    request.principal = { userId: user.id, organizationId: user.organizationId, role: user.role };
    return true;
  }
}
