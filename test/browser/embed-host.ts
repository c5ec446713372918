import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * "Another site" for the cross-origin tests: serves `/?blog=<origin>&post=<slug>`, a page that embeds the widget
 * exactly as the README shows, under a strict Content-Security-Policy (no inline script or style, no eval), so the
 * widget is proven to work under one.
 */
export interface EmbedHost {
  origin: string;
  stop(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startEmbedHost(): Promise<EmbedHost> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const blog = url.searchParams.get('blog') ?? '';
    const post = url.searchParams.get('post') ?? '';
    if (!/^http:\/\/(localhost|127\.0\.0\.1):\d+$/.test(blog)) {
      res.writeHead(400).end('blog must be a local origin');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; script-src ${blog}; style-src ${blog}; connect-src ${blog}; img-src https: data:`,
    });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Someone else's site</title></head>
<body><main><h1>An article on another site</h1><p>Comments below come from the blog.</p>
<div data-blog-comments data-post="${escapeHtml(post)}"></div>
<script src="${escapeHtml(blog)}/embed/comments.js" async></script></main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
