// Binding servers with a clear message when a port is taken.
import type { Server } from 'node:http';

/** The URL this machine's clients use for a server bound to `host` (all interfaces: loopback). */
export const localUrl = (host: string, port: number) => `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/** Listens on `port` (0 = any free port) and resolves the bound port. */
export function listen(server: Server, port: number, host: string, label: string, hint?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(new PortInUseError(`Port ${port} (${label}) is already in use.${hint !== undefined ? ` ${hint}` : ''}`));
      } else if (err.code === 'EACCES') {
        reject(new PortInUseError(`Port ${port} (${label}) needs privileges this user lacks.${hint !== undefined ? ` ${hint}` : ''}`));
      } else {
        reject(err);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
