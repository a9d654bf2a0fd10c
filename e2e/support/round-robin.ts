import { createServer, request, type Server } from 'node:http';

/**
 * A load balancer in a few lines: each request goes to the next of `ports` on localhost, in turn,
 * as nginx's default upstream does. `served` counts the requests each port answered.
 */
export async function startRoundRobin(port: number, ports: number[]) {
  const served = new Map(ports.map((backend) => [backend, 0]));
  let next = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const backend = ports[next++ % ports.length]!;
    served.set(backend, served.get(backend)! + 1);
    const forwarded = request(
      {
        hostname: 'localhost',
        port: backend,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
        agent: false,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  return {
    served,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
