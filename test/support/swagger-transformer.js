// The @nestjs/swagger CLI plugin, as a ts-jest AST transformer: tests then see the same OpenAPI
// document (DTO schemas from types and class-validator rules) as the built hub.
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (compiler) => plugin.before({ classValidatorShim: true, introspectComments: true }, compiler.program);
