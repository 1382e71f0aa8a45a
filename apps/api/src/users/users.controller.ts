import { Body, ConflictException, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { DataSource } from 'typeorm';
import { USER_ROLES, type UserRole } from '../../../../libs/contracts/src';
import { User } from '../../../../libs/db/src';
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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private async find(organizationId: string, id: string): Promise<User> {
    const user = await this.db.getRepository(User).findOneBy({ id, organizationId });
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return user;
  }

  /** The organization must keep an admin, or nobody could manage it any more. */
  private async checkAnotherAdmin(organizationId: string, leaving: User): Promise<void> {
    if (leaving.role !== 'admin') return;
    const admins = await this.db.getRepository(User).countBy({ organizationId, role: 'admin' });
    if (admins <= 1) throw new ConflictException('The organization must keep at least one admin');
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    return { success: true, users: await this.db.getRepository(User).find({ where: { organizationId: principal.organizationId }, order: { createdAt: 'ASC' } }) };
  }

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserDto) {
    const inserted = (await this.db.query(
      `INSERT INTO users (organization_id, email, password_hash, role) VALUES ($1, lower($2), $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [principal.organizationId, body.email, await hashPassword(body.password), body.role],
    )) as { id: string }[];
    if (!inserted[0]) throw new ConflictException('email: already in use');
    return { success: true, user: await this.find(principal.organizationId, inserted[0].id) };
  }

  @Patch(':id')
  async update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto) {
    const user = await this.find(principal.organizationId, id);
    if (body.role === 'viewer') await this.checkAnotherAdmin(principal.organizationId, user);
    await this.db.getRepository(User).update(
      { id, organizationId: principal.organizationId },
      { ...(body.role ? { role: body.role } : {}), ...(body.password ? { passwordHash: await hashPassword(body.password) } : {}) },
    );
    return { success: true, user: await this.find(principal.organizationId, id) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const user = await this.find(principal.organizationId, id);
    await this.checkAnotherAdmin(principal.organizationId, user);
    await this.db.getRepository(User).delete({ id, organizationId: principal.organizationId });
  }
}
