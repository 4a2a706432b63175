// The official Webex clients ship no type declarations; the tests use them as plain JavaScript.
declare module '@webex/webex-core';
declare module '@webex/plugin-attachment-actions';
declare module '@webex/plugin-memberships';
declare module '@webex/plugin-messages';
declare module '@webex/plugin-people';
declare module '@webex/plugin-rooms';
declare module '@webex/plugin-webhooks';
declare module 'webex-node-bot-framework';
declare module 'webex-node-bot-framework/webhook';
declare module 'node-sparky';
