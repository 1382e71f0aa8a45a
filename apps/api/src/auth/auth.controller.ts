import { Body, Controller, Get, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { IsEmail, IsString, MinLength } from 'class-validator';
import type { Repository } from 'typeorm';
import { User } from '../../../../libs/db/src';
import { LoginRateLimit } from '../common/rate-limit.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { Public } from './auth.guard';

export class LoginDto {
  @ApiProperty() @IsEmail() email!: string;
  @ApiProperty() @IsString() @MinLength(1) password!: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly jwt: JwtService,
  ) {}

  @Public()
  @LoginRateLimit()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto) {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email: body.email })
      .getOne();
    // One answer for an unknown email and a wrong password, so accounts cannot be probed.
    if (!user || !(await bcrypt.compare(body.password, user.passwordHash))) {
      throw new UnauthorizedException('Invalid email or password');
    }
    const token = await this.jwt.signAsync({ sub: user.id, org: user.organizationId, role: user.role });
    return { success: true, token, user: { id: user.id, email: user.email, role: user.role, organizationId: user.organizationId } };
  }

  /** Who the credential belongs to: a user or an API key, its organization and role. */
  @Get('me')
  @ApiBearerAuth()
  me(@CurrentPrincipal() principal: Principal) {
    return { success: true, principal };
  }
}
