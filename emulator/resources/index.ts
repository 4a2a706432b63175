import type { ApiRoute } from '../api';
import { membershipRoutes } from './memberships';
import { peopleRoutes } from './people';
import { roomRoutes } from './rooms';

/** Every Webex operation the emulator serves; a new resource is one more entry. */
export const apiRoutes: ApiRoute[] = [...peopleRoutes, ...roomRoutes, ...membershipRoutes];
