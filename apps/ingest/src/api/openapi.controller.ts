import { Controller, Get } from '@nestjs/common';
import { openApiDocument } from './openapi.document';

/** Serves the OpenAPI document of ingest's HTTP routes. */
@Controller()
export class OpenApiController {
  private readonly document = openApiDocument();

  @Get('openapi.json')
  serve(): Record<string, unknown> {
    return this.document;
  }
}
