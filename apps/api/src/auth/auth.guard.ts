import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { UserRepository } from '../../../../libs/db/src';
import type { Principal } from '../common/tenant';
import { API_KEY_PREFIX, ApiKeysService } from './api-keys.service';

export const PUBLIC_ROUTE = 'publicRoute';
/** Marks a route that needs no credential (login, health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export const TICKET_ROUTE = 'ticketRoute';
/** Marks a route that also takes `?ticket=` from POST /events/ticket: a browser's EventSource cannot send headers. */
export const AcceptsTicket = () => SetMetadata(TICKET_ROUTE, true);

/** What a stream ticket carries: who asked for it, for one purpose, for a minute. */
export interface TicketPayload {
  purpose: 'events';
  principal: Principal;
}

/** A user's Bearer JWT, or an API key in `X-API-Key` (or as the Bearer token), or on marked routes a ticket. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly apiKeys: ApiKeysService,
    private readonly reflector: Reflector,
    private readonly users: UserRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const request = context.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      query?: Record<string, unknown>;
      principal?: Principal;
    }>();
    const [scheme, bearer] = (request.headers.authorization ?? '').split(' ');
    const token = scheme === 'Bearer' && bearer ? bearer : undefined;
    const apiKey = request.headers['x-api-key'] ?? (token?.startsWith(API_KEY_PREFIX) ? token : undefined);
    if (apiKey) {
      const principal = await this.apiKeys.authenticate(apiKey);
      if (!principal) throw new UnauthorizedException('Invalid or revoked API key');
      request.principal = principal;
      return true;
    }
    const ticket = request.query?.ticket;
    if (!token && typeof ticket === 'string' && this.reflector.get<boolean>(TICKET_ROUTE, context.getHandler())) {
      request.principal = await this.ticketPrincipal(ticket);
      return true;
    }
    if (!token) throw new UnauthorizedException('Missing credentials: send a Bearer token or an X-API-Key header');
    let payload: { sub?: string; purpose?: string };
    try {
      payload = await this.jwt.verifyAsync<{ sub?: string; purpose?: string }>(token);
    } catch {
      throw new UnauthorizedException('Invalid or expired token');
    }
    if (payload.purpose || !payload.sub) throw new UnauthorizedException('A stream ticket opens /events only, as ?ticket=');
    const userId = payload.sub;
    // The user as they are now: a removed user or a changed role takes effect at once, not when the token expires.
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthorizedException('The user of this token no longer exists');
    request.principal = { userId: user.id, organizationId: user.organizationId, role: user.role };
    return true;
  }

  private async ticketPrincipal(ticket: string): Promise<Principal> {
    try {
      const payload = await this.jwt.verifyAsync<Partial<TicketPayload>>(ticket);
      if (payload.purpose === 'events' && payload.principal) return payload.principal;
    } catch {
      // Answered below, like any ticket that is not one.
    }
    throw new UnauthorizedException('Invalid or expired ticket; ask POST /events/ticket for a new one');
  }
}
