// A push service on loopback (RFC 8030) for the tests. It stands for one browser: it makes the
// browser's keys, decrypts every message with http_ece (RFC 8291/8188), checks the VAPID token
// (RFC 8292) with Node's crypto, and answers as each endpoint's path scripts it:
//   /answer/201, /answer/410, /answer/429/retry-after/7 ...
// It writes one JSON line per event: first {"event":"listening",...}, then one per message.
import crypto from 'node:crypto';
import http from 'node:http';
import ece from 'http_ece';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const expectedVapidKey = option('vapid-public-key');

const browser = crypto.createECDH('prime256v1');
browser.generateKeys();
const authSecret = crypto.randomBytes(16);
const say = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

function checkVapid(authorization, origin) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) return { error: `Authorization is not "vapid t=..., k=...": ${authorization}` };
  const [, token, key] = match;
  if (expectedVapidKey && key !== expectedVapidKey) return { error: 'k is not the configured VAPID public key' };
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return { error: 'k is not an uncompressed P-256 point' };
  const publicKey = crypto.createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const [header, claims, signature] = token.split('.');
  const signed = crypto.verify('sha256', Buffer.from(`${header}.${claims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature ?? '', 'base64url'));
  if (!signed) return { error: 'the JWT signature does not verify with k' };
  const head = JSON.parse(Buffer.from(header, 'base64url').toString());
  const body = JSON.parse(Buffer.from(claims, 'base64url').toString());
  const now = Math.floor(Date.now() / 1000);
  if (head.alg !== 'ES256') return { error: `alg is ${head.alg}` };
  if (body.aud !== origin) return { error: `aud is ${body.aud}, not ${origin}` };
  if (!(body.exp > now && body.exp <= now + 24 * 3600)) return { error: `exp ${body.exp} is not within 24 h of ${now}` };
  if (!/^(mailto:|https:)/.test(body.sub ?? '')) return { error: `sub is ${body.sub}` };
  return { error: null, aud: body.aud, sub: body.sub, exp: body.exp };
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const script = /^\/answer\/(\d{3})(?:\/retry-after\/(\d+))?$/.exec(request.url ?? '');
    const status = script ? Number(script[1]) : 400;
    const origin = `http://${request.headers.host}`;
    let payload = null;
    let decryptError = null;
    try {
      payload = ece.decrypt(body, { version: 'aes128gcm', privateKey: browser, authSecret }).toString('utf8');
    } catch (error) {
      decryptError = String(error.message ?? error);
    }
    say({
      event: 'message',
      path: request.url,
      method: request.method,
      status,
      ttl: request.headers.ttl ?? null,
      urgency: request.headers.urgency ?? null,
      topic: request.headers.topic ?? null,
      content_encoding: request.headers['content-encoding'] ?? null,
      body_bytes: body.length,
      vapid: checkVapid(request.headers.authorization, origin),
      payload,
      decrypt_error: decryptError,
    });
    if (script?.[2]) response.setHeader('Retry-After', script[2]);
    response.writeHead(status);
    response.end();
  });
});

server.listen(0, '127.0.0.1', () => {
  say({
    event: 'listening',
    port: server.address().port,
    p256dh: browser.getPublicKey('base64url'),
    auth: authSecret.toString('base64url'),
  });
});
// The test ends it by closing stdin, or kills it.
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
