/** An XML response; public caches may keep it briefly, Next's own cache holds the body until a write. */
export function xmlResponse(body: string, contentType = 'application/xml'): Response {
  return new Response(body, {
    headers: { 'Content-Type': `${contentType}; charset=utf-8`, 'Cache-Control': 'public, max-age=0, must-revalidate' },
  });
}

export function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
