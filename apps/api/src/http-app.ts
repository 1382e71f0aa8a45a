import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorFilter } from './common/error.filter';
import { recordHttpMetrics } from './metrics/http-metrics';

/** Global HTTP behaviour shared by main.ts and the tests: prefix, request metrics, validation, OpenAPI. */
export function configureHttpApp(app: INestApplication): INestApplication {
  app.setGlobalPrefix('api/v1', { exclude: ['metrics'] });
  app.use(recordHttpMetrics);
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('AI Dialer API').setVersion('1').addBearerAuth().addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey').build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
  return app;
}
