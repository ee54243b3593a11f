import net from 'node:net';

/**
 * Returns a TCP port on 127.0.0.1 that was free a moment ago and has no
 * listener now. Used as a closed port: connections to it are refused.
 */
export function findClosedPort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
