import { getConfig } from '../../shared/config/config.js';
import { CORS_ALLOW_HEADERS, corsHeaders } from '../../shared/http/response.js';

/**
 * CORS preflight (OPTIONS) as API Gateway answers it with the stack's defaultCorsPreflightOptions: 204, and the
 * Allow-* headers only for an origin listed in ALLOWED_ORIGINS — a browser on any other origin gets no permission.
 */
export function preflightResponse(
  headers: Record<string, string>,
  methods: string[],
): { statusCode: number; headers: Record<string, string>; body: string } {
  const allowed = corsHeaders(headers.origin, getConfig().ALLOWED_ORIGINS);
  if (!allowed['Access-Control-Allow-Origin']) return { statusCode: 204, headers: { Vary: 'Origin' }, body: '' };
  return {
    statusCode: 204,
    headers: {
      ...allowed,
      'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(','),
      'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS.join(','),
      'Access-Control-Max-Age': '3600',
    },
    body: '',
  };
}
