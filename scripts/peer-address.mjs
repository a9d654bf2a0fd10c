// Next passes a client's own X-Forwarded-For through untouched and gives route handlers no socket, so
// the socket's address is written into a header of our own before the app sees a request, overwriting
// whatever the client sent under that name. lib/server/client-address.ts reads it and walks
// X-Forwarded-For only as far as TRUST_PROXY says. (scripts/server.mjs calls it for every request the
// app answers: the front door's doors and Next. A page the front cache answers needs no address.)

/** Writes the request's socket address and protocol into Quire's own headers. */
export function notePeer(request) {
  request.headers['x-quire-peer-address'] = request.socket?.remoteAddress ?? '';
  request.headers['x-quire-peer-protocol'] = request.socket?.encrypted ? 'https' : 'http';
}
