import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** The value `formBody` gives a request whose body is a `multipart/form-data` form. */
export const FORM_BODY = 'multipart/form-data';

type RouteConstraint = Parameters<FastifyInstance['addConstraintStrategy']>[0];

/**
 * A route constraint on the kind of body: a route constrained to FORM_BODY is matched only by a
 * `multipart/form-data` request, and any other request on its path falls through to the route that
 * would have served it (the hub call route), as if the constrained one were not there.
 */
export const formBody: RouteConstraint = {
  name: 'hubFormBody',
  storage() {
    const handlers = new Map<unknown, ReturnType<ReturnType<RouteConstraint['storage']>['get']>>();
    return {
      get: (value) => handlers.get(value) ?? null,
      set: (value, handler) => void handlers.set(value, handler),
    };
  },
  deriveConstraint: (request: IncomingMessage) => {
    const type = request.headers['content-type'];
    return type !== undefined && type.slice(0, FORM_BODY.length).toLowerCase() === FORM_BODY ? FORM_BODY : undefined;
  },
  mustMatchWhenDerived: false,
};
