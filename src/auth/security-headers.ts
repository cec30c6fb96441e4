import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Security headers of every answer (@fastify/helmet), fitted to the built web app (web/dist): scripts and styles
 * from this origin only, except that Ant Design writes its CSS-in-JS into <style> elements (style-src
 * 'unsafe-inline'); images may be data:/blob: URIs (icons, the TOTP QR code is drawn on a canvas); no framing.
 * HSTS is sent by app.ts only over TLS, so a plain-HTTP intranet install is not locked out of itself.
 */
export const securityHeaders: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
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
  },
  hsts: false,
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
};
