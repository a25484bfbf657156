// A real OpenID Connect provider (the certified `oidc-provider` package) for the single sign-on
// tests, on a loopback port. Only the way a person "signs in" at the provider is made for tests:
// the next person to sign in is chosen through /test/next (no password form to fill), and
// /test/tamper makes the next token response carry a wrong ID token (wrong audience, nonce,
// expiry, or signed by a key that is not published), so that the app's checks can be seen to work.
//
//   OIDC_PORT=… OIDC_CLIENT_ID=… OIDC_CLIENT_SECRET=… OIDC_REDIRECT_URI=… node provider.mjs
// prints "ready <issuer>" once it listens.
import Provider from 'oidc-provider';
import * as jose from 'jose';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const KID = 'test-key';

const real = await jose.generateKeyPair('RS256', { extractable: true });
const rogue = await jose.generateKeyPair('RS256', { extractable: true });  // same kid, never published
const privateJwk = { ...(await jose.exportJWK(real.privateKey)), kid: KID, alg: 'RS256', use: 'sig' };

const accounts = new Map();
let next = null;     // the person the next sign-in is for
let tamper = null;   // what to get wrong in the next ID token

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID,
    client_secret: process.env.OIDC_CLIENT_SECRET,
    redirect_uris: [process.env.OIDC_REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [privateJwk] },
  findAccount: async (ctx, sub) => (accounts.has(sub)
    ? { accountId: sub, claims: async () => accounts.get(sub) } : undefined),
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  conformIdTokenClaims: false,  // name, email and groups in the ID token itself, as Entra ID sends them
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  cookies: { keys: ['only-for-tests'] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.proxy = false;

async function finishInteraction(ctx, uid) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { prompt, params, session } = details;
  let result;
  if (prompt.name === 'login') {
    result = { login: { accountId: next.sub } };
  } else {
    const grant = details.grantId ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    result = { consent: { grantId: await grant.save() } };
  }
  const url = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
  ctx.status = 303;
  ctx.redirect(url);
}

async function tampered(idToken) {
  const payload = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (tamper.aud) payload.aud = tamper.aud;
  if (tamper.azp) payload.azp = tamper.azp;
  if (tamper.nonce) payload.nonce = tamper.nonce;
  if (tamper.expired) { payload.iat = now - 7200; payload.exp = now - 3600; }
  const key = tamper.rogue ? rogue.privateKey : real.privateKey;
  return new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: KID }).sign(key);
}

provider.use(async (ctx, nextMiddleware) => {
  if (ctx.path === '/test/next' && ctx.method === 'GET') {
    const q = ctx.query;
    next = { sub: q.sub, email: q.email, email_verified: q.email_verified !== 'false', name: q.name,
             groups: q.groups ? q.groups.split(',') : [] };
    accounts.set(next.sub, next);
    tamper = null;
    ctx.body = { ok: true };
    return;
  }
  if (ctx.path === '/test/tamper' && ctx.method === 'GET') {
    tamper = { aud: ctx.query.aud, azp: ctx.query.azp, nonce: ctx.query.nonce, expired: ctx.query.expired === '1',
               rogue: ctx.query.rogue === '1' };
    ctx.body = { ok: true };
    return;
  }
  const interaction = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (interaction && ctx.method === 'GET') {
    await finishInteraction(ctx, interaction[1]);
    return;
  }
  await nextMiddleware();
  if (ctx.path === '/token' && tamper && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await tampered(ctx.body.id_token) };
    tamper = null;
  }
});

provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
