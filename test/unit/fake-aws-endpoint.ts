import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll } from 'vitest';

/**
 * Local HTTP stand-ins for AWS APIs in unit tests of the signed-request adapters: dummy credentials for the SDK's
 * signer, a listener on a free port per stand-in, all closed after each test.
 */
export function fakeAwsEndpoints() {
  let servers: Server[] = [];
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID ??= 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'secret';
  });
  afterEach(() => {
    for (const server of servers) server.close();
    servers = [];
  });
  return {
    async listen(
      answer: (request: IncomingMessage, body: string, response: ServerResponse) => void,
    ): Promise<{ url: string; server: Server }> {
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => answer(req, body, res));
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
    },
  };
}
