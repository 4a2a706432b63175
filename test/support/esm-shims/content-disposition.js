// Jest cannot require content-disposition 3 (ESM only) as Node does; @fastify/static needs only
// its create() and parse(), which the CommonJS 0.5 line offers under other names.
const legacy = require('content-disposition-cjs');
module.exports = { create: legacy, parse: legacy.parse };
