import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { likeVisitorHash, visitorHash } from '../../shared/domain/visitor.js';
import { visitorNetwork } from '../../shared/domain/visitor-network.js';
import { parseRequest } from '../../shared/http/request.js';
import { resolveVisitorAddress, viewerIpOf } from '../../shared/http/visitor-address.js';

const SECRET = 'origin-verify-secret-0123456789abcdef';
const EDGE = '130.176.1.20';
const SALT = 'unit-test-salt-0123456789';

describe('visitor address behind CloudFront', () => {
  it('uses the viewer address when the origin-verify header carries the secret', () => {
    const headers = { 'x-origin-verify': SECRET, 'cloudfront-viewer-address': '198.51.100.10:46532' };

    expect(resolveVisitorAddress(headers, EDGE, [SECRET])).toBe('198.51.100.10');
  });

  it('ignores a spoofed viewer address sent without the secret, or with a wrong one', () => {
    const spoofed = { 'cloudfront-viewer-address': '198.51.100.10:46532' };

    expect(resolveVisitorAddress(spoofed, '203.0.113.5', [SECRET])).toBe('203.0.113.5');
    expect(resolveVisitorAddress({ ...spoofed, 'x-origin-verify': `${SECRET}x` }, '203.0.113.5', [SECRET])).toBe(
      '203.0.113.5',
    );
    expect(resolveVisitorAddress({ ...spoofed, 'x-origin-verify': '' }, '203.0.113.5', [SECRET])).toBe('203.0.113.5');
  });

  it('trusts nothing when the deployment has no origin secret (no CloudFront, local runtime)', () => {
    const headers = { 'x-origin-verify': SECRET, 'cloudfront-viewer-address': '198.51.100.10:46532' };

    expect(resolveVisitorAddress(headers, '203.0.113.5', [])).toBe('203.0.113.5');
  });

  it('accepts the previous secret during a rotation', () => {
    const headers = {
      'x-origin-verify': 'previous-secret-0123456789abcdefghij',
      'cloudfront-viewer-address': '198.51.100.10:1',
    };

    expect(resolveVisitorAddress(headers, EDGE, [SECRET, 'previous-secret-0123456789abcdefghij'])).toBe(
      '198.51.100.10',
    );
  });

  it.each([
    ['198.51.100.10:46532', '198.51.100.10'],
    ['2001:db8:85a3::8a2e:370:7334:443', '2001:db8:85a3::8a2e:370:7334'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['198.51.100.10', undefined],
    ['not-an-ip:80', undefined],
    ['198.51.100.10:port', undefined],
    [undefined, undefined],
  ])('reads the IP of CloudFront-Viewer-Address %s as %s', (value, ip) => {
    expect(viewerIpOf(value)).toBe(ip);
  });

  it('falls back to sourceIp when a trusted request has an unreadable viewer address', () => {
    expect(
      resolveVisitorAddress({ 'x-origin-verify': SECRET, 'cloudfront-viewer-address': 'garbage' }, EDGE, [SECRET]),
    ).toBe(EDGE);
  });

  it('is what parseRequest puts into sourceIp', () => {
    const event = {
      httpMethod: 'POST',
      resource: '/posts/{slug}/likes',
      path: '/posts/a/likes',
      body: null,
      isBase64Encoded: false,
      headers: { 'X-Origin-Verify': SECRET, 'CloudFront-Viewer-Address': '198.51.100.77:1234' },
      requestContext: { requestId: 'r', identity: { sourceIp: EDGE } },
    } as unknown as APIGatewayProxyEvent;

    expect(parseRequest(event, { originSecrets: [SECRET] }).sourceIp).toBe('198.51.100.77');
    expect(parseRequest(event).sourceIp).toBe(EDGE);
  });
});

describe('visitor network (rate-limit and like keys)', () => {
  it('counts an IPv6 visitor by its /64', () => {
    expect(visitorNetwork('2001:db8:abcd:12:1:2:3:4')).toBe('2001:db8:abcd:12::/64');
    expect(visitorNetwork('2001:DB8:ABCD:12::ffff')).toBe('2001:db8:abcd:12::/64');
    expect(visitorNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(visitorNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('keeps IPv4 addresses whole and unwraps IPv4-mapped IPv6', () => {
    expect(visitorNetwork(' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(visitorNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('gives two addresses of one /64 the same rate-limit and like hash, and other /64s different ones', () => {
    const a = '2001:db8:abcd:12:aaaa::1';
    const b = '2001:db8:abcd:12:bbbb:cccc:dddd:eeee';
    const other = '2001:db8:abcd:13::1';

    expect(visitorHash(SALT, a)).toBe(visitorHash(SALT, b));
    expect(likeVisitorHash(SALT, a, 'UA')).toBe(likeVisitorHash(SALT, b, 'UA'));
    expect(visitorHash(SALT, a)).not.toBe(visitorHash(SALT, other));
    expect(visitorHash(SALT, '203.0.113.7')).not.toBe(visitorHash(SALT, '203.0.113.8'));
  });
});
