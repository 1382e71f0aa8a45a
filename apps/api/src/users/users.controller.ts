import { Body, ConflictException, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import bcrypt from 'bcryptjs';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { USER_ROLES, type UserRole } from '../../../../libs/contracts/src';
import { UserRepository, type UserRecord } from '../../../../libs/db/src';
import { Roles } from '../auth/roles.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { OneOf } from '../common/dto';

export const PASSWORD_MIN_LENGTH = 12;
const BCRYPT_COST = 10;

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(200) email!: string;
  @ApiProperty() @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(200) password!: string;
  @OneOf(USER_ROLES) role!: UserRole;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(200) password?: string;
  @OneOf(USER_ROLES, { optional: true }) role?: UserRole;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** The organization's users; admins manage them. A change of role or a removal applies to the next request. */
@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UserRepository) {}

  private async find(organizationId: string, id: string): Promise<UserRecord> {
    const user = await this.users.find(organizationId, id);
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return user;
  }

  /** The organization must keep an admin, or nobody could manage it any more. */
  private async checkAnotherAdmin(organizationId: string, leaving: UserRecord): Promise<void> {
    if (leaving.role !== 'admin') return;
    if ((await this.users.countAdmins(organizationId)) <= 1) throw new ConflictException('The organization must keep at least one admin');
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    return { success: true, users: await this.users.list(principal.organizationId) };
  }

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserDto) {
    const user = await this.users.create({ organizationId: principal.organizationId, email: body.email, passwordHash: await hashPassword(body.password), role: body.role });
    if (!user) throw new ConflictException('email: already in use');
    return { success: true, user };
  }

  @Patch(':id')
  async update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto) {
    const user = await this.find(principal.organizationId, id);
    if (body.role === 'viewer') await this.checkAnotherAdmin(principal.organizationId, user);
    await this.users.update(principal.organizationId, id, { role: body.role, passwordHash: body.password ? await hashPassword(body.password) : undefined });
    return { success: true, user: await this.find(principal.organizationId, id) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const user = await this.find(principal.organizationId, id);
    await this.checkAnotherAdmin(principal.organizationId, user);
    await this.users.delete(principal.organizationId, id);
  }
}
