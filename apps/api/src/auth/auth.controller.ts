import { BadRequestException, Body, Controller, ForbiddenException, Get, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import bcrypt from 'bcryptjs';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { UserRepository } from '../../../../libs/db/src';
import { LoginRateLimit } from '../common/rate-limit.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { PASSWORD_MIN_LENGTH, hashPassword } from '../users/users.controller';
import { Public } from './auth.guard';

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MinLength(1) currentPassword!: string;
  @ApiProperty() @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(200) newPassword!: string;
}

export class LoginDto {
  @ApiProperty() @IsEmail() email!: string;
  @ApiProperty() @IsString() @MinLength(1) password!: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UserRepository,
    private readonly jwt: JwtService,
  ) {}

  @Public()
  @LoginRateLimit()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto) {
    const user = await this.users.findByEmailWithPassword(body.email);
    // One answer for an unknown email and a wrong password, so accounts cannot be probed.
    if (!user || !(await bcrypt.compare(body.password, user.passwordHash))) {
      throw new UnauthorizedException('Invalid email or password');
    }
    const token = await this.jwt.signAsync({ sub: user.id, org: user.organizationId, role: user.role });
    return { success: true, token, user: { id: user.id, email: user.email, role: user.role, organizationId: user.organizationId } };
  }

  /** A user changes their own password; an API key has none. */
  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  async changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    const user = principal.apiKeyId ? null : await this.users.findByIdWithPassword(principal.userId);
    if (!user) throw new ForbiddenException('Only a user has a password; API keys are replaced, not changed');
    if (!(await bcrypt.compare(body.currentPassword, user.passwordHash))) throw new BadRequestException('currentPassword: does not match');
    await this.users.update(user.organizationId, user.id, { passwordHash: await hashPassword(body.newPassword) });
  }

  /** Who the credential belongs to: a user or an API key, its organization and role. */
  @Get('me')
  @ApiBearerAuth()
  me(@CurrentPrincipal() principal: Principal) {
    return { success: true, principal };
  }
}
