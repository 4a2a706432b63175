import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsolePages } from './console-http';
import { welcomePage } from './views/welcome.page';

/** `GET /`, outside the API prefix and the API document: a page of links for a person, not an API route. */
@ApiExcludeController()
@Controller()
export class WelcomeController {
  constructor(private readonly pages: ConsolePages) {}

  @Get()
  welcome(@Res() reply: FastifyReply) {
    return this.pages.send(reply, 200, welcomePage());
  }
}
