import { BadRequestException, Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Script } from '../../../../libs/db/src';
import { Roles } from '../auth/roles.guard';
import { definedFields } from '../common/dto';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { CreateScriptDto, UpdateScriptDto } from './script.dto';

/** Call scripts of the organization; a campaign uses one through its scriptId. */
@ApiTags('scripts')
@ApiBearerAuth()
@Controller('scripts')
export class ScriptsController {
  constructor(@InjectRepository(Script) private readonly scripts: Repository<Script>) {}

  private async find(organizationId: string, id: string): Promise<Script> {
    const script = await this.scripts.findOneBy({ id, organizationId });
    if (!script) throw new NotFoundException(`Script ${id} not found`);
    return script;
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    return { success: true, scripts: await this.scripts.find({ where: { organizationId: principal.organizationId }, order: { createdAt: 'DESC' } }) };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return { success: true, script: await this.find(principal.organizationId, id) };
  }

  @Post()
  @Roles('admin')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateScriptDto) {
    checkObjections(body.objectionHandling);
    const script = await this.scripts.save(this.scripts.create({ ...definedFields(body), organizationId: principal.organizationId }));
    return { success: true, script };
  }

  @Patch(':id')
  @Roles('admin')
  async update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateScriptDto) {
    const script = await this.find(principal.organizationId, id);
    checkObjections(body.objectionHandling);
    await this.scripts.update({ id: script.id, organizationId: principal.organizationId }, definedFields(body));
    return { success: true, script: await this.find(principal.organizationId, id) };
  }

  /** Campaigns that used it keep running on the default pitch (their scriptId becomes null). */
  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.find(principal.organizationId, id);
    await this.scripts.delete({ id, organizationId: principal.organizationId });
  }
}

function checkObjections(handling: Record<string, unknown> | undefined): void {
  for (const [kind, reply] of Object.entries(handling ?? {})) {
    if (typeof reply !== 'string') throw new BadRequestException(`objectionHandling.${kind}: must be a string`);
  }
}
