import type { ApiRoute } from '../api';
import { attachmentActionRoutes } from './attachment-actions';
import { directoryRouteList } from './directory';
import { eventRoutes } from './events';
import { membershipRoutes } from './memberships';
import { messageRoutes } from './messages';
import { peopleRoutes } from './people';
import { roomTabRoutes } from './room-tabs';
import { roomRoutes } from './rooms';
import { teamRoutes } from './teams';
import { webhookRoutes } from './webhooks';

/** Every Webex operation the emulator serves; a new resource is one more entry. */
export const apiRoutes: ApiRoute[] = [
  ...peopleRoutes,
  ...roomRoutes,
  ...membershipRoutes,
  ...messageRoutes,
  ...teamRoutes,
  ...webhookRoutes,
  ...attachmentActionRoutes,
  ...eventRoutes,
  ...roomTabRoutes,
  ...directoryRouteList,
];
