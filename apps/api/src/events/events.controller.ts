import { Controller, HttpCode, type MessageEvent, Post, Sse } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Observable, filter, interval, map, merge, takeUntil } from 'rxjs';
import { AcceptsTicket, type TicketPayload } from '../auth/auth.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { ChangeFeed } from './change-feed.service';

const HEARTBEAT_MS = 15_000;
const TICKET_SECONDS = 60;

/** Server-sent events of the caller's organization: `call` and `campaign` changes, and a heartbeat. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(
    private readonly feed: ChangeFeed,
    private readonly jwt: JwtService,
  ) {}

  /** A one-minute ticket for `GET /events?ticket=`, for clients that cannot send headers (EventSource). */
  @Post('ticket')
  @HttpCode(200)
  async ticket(@CurrentPrincipal() principal: Principal) {
    const payload: TicketPayload = { purpose: 'events', principal };
    return { success: true, ticket: await this.jwt.signAsync(payload, { expiresIn: TICKET_SECONDS }), expiresInSeconds: TICKET_SECONDS };
  }

  /** Opened with a credential header, or with `?ticket=` (checked when the stream opens). */
  @Sse()
  @AcceptsTicket()
  stream(@CurrentPrincipal() principal: Principal): Observable<MessageEvent> {
    const changes = this.feed.changes.pipe(
      filter((change) => change.organizationId === principal.organizationId),
      map((change): MessageEvent => ({ type: change.type, id: `${change.type}:${change.id}`, data: change })),
    );
    // Proxies close idle connections; the heartbeat keeps the stream open and tells a console it is alive.
    const heartbeat = interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: { at: new Date().toISOString() } })));
    return merge(changes, heartbeat).pipe(takeUntil(this.feed.closing));
  }
}
