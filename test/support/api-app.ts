import type { INestApplication } from '@nestjs/common';
import { AbstractLoader, ExpressLoader } from '@nestjs/serve-static';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../apps/api/src/app.module';
import { APP_CONFIG } from '../../apps/api/src/common/app-config.provider';
import { configureHttpApp } from '../../apps/api/src/http-app';
import type { AppConfig } from '../../libs/config/src';

/** The real API module over the given configuration, served in-process for supertest. */
export async function startApi(config: AppConfig): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    // The web console's static files: a testing module is compiled before its HTTP adapter exists, so
    // serve-static would pick its no-op loader; name the Express one, as NestFactory.create gets it.
    .overrideProvider(AbstractLoader)
    .useClass(ExpressLoader)
    .compile();
  const app = configureHttpApp(moduleRef.createNestApplication({ logger: ['error', 'warn'] }));
  await app.init();
  return app;
}

export async function login(app: INestApplication, email: string, password: string): Promise<string> {
  const response = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email, password }).expect(200);
  return (response.body as { token: string }).token;
}
