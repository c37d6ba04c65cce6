// What the stock-client scripts share: tokens as the Vividly backend would hand a browser, and
// one JSON line on stdout per event for the tests to read.
import { createHmac } from "node:crypto";

const base64Url = (value) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** SECRET_KEY from the environment, or the script's usage line and exit code 2. */
export function requireSecret(args, usage) {
  const secret = process.env.SECRET_KEY;
  if (!args.url || !args.users || !secret) {
    console.error(usage);
    process.exit(2);
  }
  return secret;
}

/** A function that mints a fresh HS256 token for a user, valid for `lifetimeSeconds`. */
export function tokenMinter(secret, lifetimeSeconds) {
  const issuer = process.env.JWT_ISSUER ?? "vividly";
  const audience = process.env.JWT_AUDIENCE ?? "vividly-realtime";
  return (userId) => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${base64Url({ alg: "HS256", typ: "JWT" })}.${base64Url({
      sub: userId, iss: issuer, aud: audience, iat: now, nbf: now, exp: now + lifetimeSeconds,
    })}`;
    return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
  };
}

export const emit = (client, event, fields = {}) =>
  process.stdout.write(`${JSON.stringify({ client: client.index, user: client.user, event, ...fields })}\n`);
