// Preloaded into the Next server (`node --import`): Next passes a client's own X-Forwarded-For
// through untouched and gives route handlers no socket, so the socket's address is written into a
// header of our own here, overwriting whatever the client sent under that name. lib/server/client-address.ts
// reads it and walks X-Forwarded-For only as far as TRUST_PROXY says.
import { channel } from 'node:diagnostics_channel';

// Held here for the life of the process (a channel nobody references may be garbage-collected).
const requestStart = channel('http.server.request.start');
requestStart.subscribe(({ request }) => {
  request.headers['x-quire-peer-address'] = request.socket.remoteAddress ?? '';
  request.headers['x-quire-peer-protocol'] = request.socket.encrypted ? 'https' : 'http';
});
