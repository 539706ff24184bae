/**
 * The floor of any Node HTTP server: node:http answering every request with one fixed body (the
 * simulator's own page, read from a file). `fixed-body-server.ts <body file>`; reports its port.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportToParent } from '../lib/measure.ts';

const body = readFileSync(process.argv[2] ?? '');
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => reportToParent({ port: (server.address() as AddressInfo).port }));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
