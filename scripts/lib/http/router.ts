/**
 * The one router of the local servers: a route table on find-my-way (the router under Fastify),
 * so each server declares `method path → handler` instead of an if-chain over `request.url`.
 * Path parameters arrive as `params`, the query string as `query` (URLSearchParams).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import findMyWay, { type HTTPMethod } from 'find-my-way';

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The path without the query string. */
  path: string;
}

export type RouteHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  context: RouteContext,
) => void | Promise<void>;

export interface Router {
  on(method: HTTPMethod | HTTPMethod[], path: string, handler: RouteHandler): Router;
  /** Runs the matching handler; false when no route matches (the caller answers 404/405). */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
}

export function createRouter(): Router {
  const table = findMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true });
  const router: Router = {
    on(method, path, handler) {
      // the handler rides in find-my-way's store; lookups go through find(), so we await it
      table.on(method, path, () => undefined, { handler });
      return router;
    },
    async handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://local');
      const found = table.find((request.method ?? 'GET') as HTTPMethod, url.pathname);
      if (!found) return false;
      const { handler } = found.store as { handler: RouteHandler };
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(found.params)) {
        if (typeof value === 'string') params[key] = value;
      }
      await handler(request, response, { params, query: url.searchParams, path: url.pathname });
      return true;
    },
  };
  return router;
}
