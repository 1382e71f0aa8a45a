import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { AddDncDto, BulkDncDto, DncQueryDto } from './dnc.dto';
import { DncService } from './dnc.service';

@ApiTags('dnc')
@ApiBearerAuth()
@Controller('dnc')
export class DncController {
  constructor(private readonly dnc: DncService) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: DncQueryDto) {
    return { success: true, entries: await this.dnc.list(principal.organizationId, query.limit, query.offset) };
  }

  /** Idempotent; `created` is false when the number was already listed. */
  @Post()
  @Roles('admin')
  async add(@CurrentPrincipal() principal: Principal, @Body() body: AddDncDto) {
    return { success: true, ...(await this.dnc.add(principal.organizationId, body.phone, body.reason)) };
  }

  @Post('bulk')
  @Roles('admin')
  @HttpCode(200)
  async bulk(@CurrentPrincipal() principal: Principal, @Body() body: BulkDncDto) {
    return { success: true, ...(await this.dnc.addMany(principal.organizationId, body.phones, body.reason)) };
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.dnc.remove(principal.organizationId, id);
  }
}
