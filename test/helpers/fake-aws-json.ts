/**
 * Plumbing shared by the fake AWS JSON endpoints the tests run on 127.0.0.1 (Price List, Cost
 * Explorer): the awsJson1_1 response shape, reading a request body, and a loopback server that
 * turns a handler's failure into a 500 the SDK reports.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Writes an awsJson1_1 response (with the error type header the SDK reads on errors). */
export function sendAwsJson(res: ServerResponse, status: number, body: unknown, errorType?: string, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': `fake-${Math.random().toString(16).slice(2)}`,
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    ...extraHeaders,
  });
  res.end(JSON.stringify(body));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Serves `handle` on a free loopback port; a thrown error becomes a 500 of type `internalErrorType`. */
export async function serveOnLoopback(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  internalErrorType: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => sendAwsJson(res, 500, { __type: internalErrorType, message: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
