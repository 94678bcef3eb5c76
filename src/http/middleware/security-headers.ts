import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../context.js';

/**
 * Security headers on every response (pages, API, files, errors). The policy fits the built web app:
 * its scripts are files from this server (Vite emits no inline script), but antd writes its styles into
 * <style> elements and style attributes at run time, so styles need 'unsafe-inline'. Images and fonts
 * may be data: URLs (the favicon, antd icons); nothing is loaded from another host (offices are often
 * offline). The page may not be framed anywhere (clickjacking).
 */
export function securityHeaders(options: { readonly https: boolean }): MiddlewareHandler<AppEnv> {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    // Only meaningful (and only safe to promise) when the server is reached over HTTPS.
    strictTransportSecurity: options.https ? 'max-age=15552000' : false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
  });
  return async (c, next) => {
    await headers(c, next);
    // Chromium shows an inline PDF (award form, statements) in a page of its own that embeds the file
    // with inline styles: the page policy (object-src 'none') would blank it. Nothing runs in a PDF page.
    if (c.res.headers.get('content-type')?.startsWith('application/pdf')) {
      c.res.headers.set('Content-Security-Policy', PDF_POLICY);
    }
  };
}

export const PDF_POLICY = "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";
