import { describe, expect, it } from 'vitest';
import { corsHeaders } from '../../shared/http/response.js';

describe('CORS answers vary by Origin', () => {
  const ORIGINS = ['https://blog.example.com', 'https://www.example.com'];

  it('says Vary: Origin on every response when the answer depends on the origin, with or without an Origin header', () => {
    expect(corsHeaders('https://blog.example.com', ORIGINS)).toEqual({
      'Access-Control-Allow-Origin': 'https://blog.example.com',
      Vary: 'Origin',
      // The comments widget on another site reads Retry-After (the 429 wait).
      'Access-Control-Expose-Headers': 'ETag,Retry-After,Location',
    });
    expect(corsHeaders('https://evil.example', ORIGINS)).toEqual({ Vary: 'Origin' });
    expect(corsHeaders(undefined, ORIGINS)).toEqual({ Vary: 'Origin' });
  });

  it('needs no Vary for "*" or without CORS', () => {
    expect(corsHeaders('https://any.example', ['*'])).toEqual({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'ETag,Retry-After,Location',
    });
    expect(corsHeaders(undefined, [])).toEqual({});
  });
});
