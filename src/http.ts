/**
 * sopbot's one HTTP server: /healthz, /metrics, and the routes platforms mount
 * (POST /slack/events, POST /feishu/events). Raw node:http, so platforms get the untouched
 * body they need for signature checks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './core/logger.ts';
import type { Registry } from './core/metrics.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServer {
  /** Adds a route; platforms call this before `listen`. */
  route(method: string, path: string, handler: RouteHandler): void;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  /** Flips /healthz to 200 once the database is migrated and handlers are registered. */
  setReady(ready: boolean): void;
  readonly server: Server;
}

export function createHttpServer(deps: { registry: Registry; logger: Logger }): HttpServer {
  const routes = new Map<string, RouteHandler>();
  let ready = false;

  routes.set('GET /healthz', (_req, res) => {
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: ready ? 'ok' : 'starting' }));
  });
  routes.set('GET /metrics', async (_req, res) => {
    const body = await deps.registry.render();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(body);
  });

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const handler = routes.get(`${req.method} ${path}`);
    if (!handler) {
      const allowed = [...routes.keys()].some((k) => k.endsWith(` ${path}`));
      res.writeHead(allowed ? 405 : 404, { 'content-type': 'text/plain' });
      res.end(allowed ? 'method not allowed' : 'not found');
      return;
    }
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      deps.logger.error({ err, path }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  server.keepAliveTimeout = 65_000;

  return {
    server,
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
    },
    listen(port, host) {
      return new Promise((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolveListen((server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise((resolveClose) => {
        server.closeAllConnections?.();
        server.close(() => resolveClose());
      });
    },
    setReady(value) {
      ready = value;
    },
  };
}

/** Reads a request body as a Buffer (platform routes verify signatures over the raw bytes). */
export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
