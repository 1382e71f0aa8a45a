import { Controller, type MessageEvent, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Observable, filter, interval, map, merge, takeUntil } from 'rxjs';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { ChangeFeed } from './change-feed.service';

const HEARTBEAT_MS = 15_000;

/** Server-sent events of the caller's organization: `call` and `campaign` changes, and a heartbeat. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly feed: ChangeFeed) {}

  @Sse()
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
