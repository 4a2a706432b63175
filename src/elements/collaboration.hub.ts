import { HubDefinition } from './element.types';

/** Cloud Elements' collaboration hub: channels, their messages and users, groups (Webex rooms, messages, memberships, teams). */
export const collaboration: HubDefinition = {
  key: 'collaboration',
  name: 'Collaboration',
  description: 'Messaging and team collaboration: channels, messages, users and groups, under one API for every collaboration element',
  active: true,
};
