/**
 * @module What `npm start` prints after the URL and the admin token: where to click and what to paste.
 * The Harvest and BambooHR keys are the simulators' own fake ones; printing them is the point.
 */

export interface BannerInput {
  url: string
  harvest: { accessToken: string; accountId: string }
  bamboohr: { apiKey: string; companyDomain: string }
  quickbooksRealm: string
  oauthIssuer: string
}

/** Lines to print, in order. */
export function sandboxBanner(b: BannerInput): string[] {
  return [
    '',
    'Sandbox: every provider below is a local simulator on 127.0.0.1; no account is needed anywhere.',
    `  Open ${b.url}/ and sign in with the admin token above (printed on the first start only;`,
    '  set MAESTRO_ADMIN_TOKEN to choose your own).',
    '',
    '  Harvest (API key): connect with',
    `    Account ID             ${b.harvest.accountId}`,
    `    Personal access token  ${b.harvest.accessToken}`,
    '  BambooHR (API key): connect with',
    `    Company domain  ${b.bamboohr.companyDomain}`,
    `    API key         ${b.bamboohr.apiKey}`,
    `  QuickBooks Online (OAuth): press Connect and approve on the sandbox consent page (${b.oauthIssuer});`,
    `    the company (realmId ${b.quickbooksRealm}) comes back on the redirect.`,
    '',
    '  Then press "Sync now" and open the records. Or with curl:',
    `    curl -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -X POST ${b.url}/connections \\`,
    `      -d '{"connector":"harvest","config":{"accountId":"${b.harvest.accountId}"},"credentials":{"accessToken":"${b.harvest.accessToken}"}}'`,
    `    curl -H "Authorization: Bearer $TOKEN" -X POST ${b.url}/connections/<id>/sync`,
    `    curl -H "Authorization: Bearer $TOKEN" ${b.url}/connections/<id>/records/Employee`,
    '',
    '  Sandbox data and keys are fake and the same on every start; QuickBooks needs a new consent after a restart.',
  ]
}
