import { BadRequestException, Body, ConflictException, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ScriptRepository, type ScriptRecord } from '../../../../libs/db/src';
import { Roles } from '../auth/roles.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { CreateScriptDto, UpdateScriptDto } from './script.dto';

/** Call scripts of the organization; a campaign uses one through its scriptId. */
@ApiTags('scripts')
@ApiBearerAuth()
@Controller('scripts')
export class ScriptsController {
  constructor(private readonly scripts: ScriptRepository) {}

  private async find(organizationId: string, id: string): Promise<ScriptRecord> {
    const script = await this.scripts.find(organizationId, id);
    if (!script) throw new NotFoundException(`Script ${id} not found`);
    return script;
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    return { success: true, scripts: await this.scripts.list(principal.organizationId) };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return { success: true, script: await this.find(principal.organizationId, id) };
  }

  @Post()
  @Roles('admin')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateScriptDto) {
    checkObjections(body.objectionHandling);
    const script = await this.scripts.create(principal.organizationId, body);
    return { success: true, script };
  }

  @Patch(':id')
  @Roles('admin')
  async update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateScriptDto) {
    const script = await this.find(principal.organizationId, id);
    checkObjections(body.objectionHandling);
    await this.scripts.update(principal.organizationId, script.id, body);
    return { success: true, script: await this.find(principal.organizationId, id) };
  }

  /**
   * Refused while a campaign that may still call (draft, active or paused) uses it: its calls would switch to
   * the default pitch mid-campaign. Finished campaigns that used it just lose the link.
   */
  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.find(principal.organizationId, id);
    const users = await this.scripts.campaignsStillUsing(principal.organizationId, id);
    if (users.length > 0) {
      throw new ConflictException(`Script ${id} is used by ${users.map((c) => `"${c.name}" (${c.id})`).join(', ')}; attach another script first`);
    }
    await this.scripts.delete(principal.organizationId, id);
  }
}

function checkObjections(handling: Record<string, unknown> | undefined): void {
  for (const [kind, reply] of Object.entries(handling ?? {})) {
    if (typeof reply !== 'string') throw new BadRequestException(`objectionHandling.${kind}: must be a string`);
  }
}
