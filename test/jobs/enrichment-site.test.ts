import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { SOCIAL_HANDLE } from '../../src/domain/values/social-handle.js';
import type { HandleService } from '../../src/domain/values/value-type.js';
import { fetchSite, isPublicAddress, PrivateAddressError, SiteFetchError, SiteTimeoutError, USER_AGENT, type FetchSiteOptions } from '../../src/jobs/enrichment/fetch-site.js';
import { siteFacts } from '../../src/jobs/enrichment/site-facts.js';

const OG_PAGE = `<!doctype html>
<html><head>
  <title>Acme Corp | Widgets for everyone</title>
  <meta property="og:site_name" content="Acme &amp; Sons">
  <meta property="og:description" content="  We   make
     widgets &mdash; lots of them.  ">
  <meta name="description" content="The plain description">
</head><body>
  <a href="https://twitter.com/intent/tweet?text=hi">Tweet this</a>
  <a href="https://www.facebook.com/sharer/sharer.php?u=https://acme.test">Share</a>
  <a href="https://www.linkedin.com/in/jane-founder">Our founder</a>
  <a href="https://www.linkedin.com/company/acme-corp/about/">LinkedIn</a>
  <a href="https://twitter.com/AcmeHQ?ref=footer">Twitter</a>
  <a href="https://x.com/someone_else">Another</a>
  <a href="//www.facebook.com/acme.widgets/">Facebook</a>
  <a href="https://www.instagram.com/p/Cabc123/">A post</a>
  <a href="https://instagram.com/acme.widgets">Instagram</a>
  <a href="/about">About</a>
</body></html>`;

const TITLE_PAGE = '<html><head><title>\n   Just   a  title &amp; more\n</title></head><body>hello</body></html>';

interface Site {
  base: string;
  requests: string[];
  server: http.Server;
  hanging: http.ServerResponse[];
}

function startSite(): Promise<Site> {
  const requests: string[] = [];
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${url.pathname} ${req.headers['user-agent'] ?? ''}`);
    const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (chain) {
      const left = Number(chain[1]);
      if (left === 0) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(TITLE_PAGE);
      // Alternate relative and absolute Locations.
      const next = left % 2 === 0 ? `/chain/${left - 1}` : `http://127.0.0.1:${(server.address() as AddressInfo).port}/chain/${left - 1}`;
      return void res.writeHead(left % 3 === 0 ? 301 : 302, { location: next }).end();
    }
    switch (url.pathname) {
      case '/og':
        return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(OG_PAGE);
      case '/title':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end(TITLE_PAGE);
      case '/hang':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.flushHeaders();
        return void hanging.push(res);
      case '/huge': {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><head><title>Huge</title></head><body>');
        const chunk = `<p>${'x'.repeat(16_000)}</p>`;
        // Far more than any cap a test sets; stops when the client hangs up.
        let sent = 0;
        const more = () => {
          while (sent < 2_000 && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end();
        };
        res.on('close', () => (sent = Infinity));
        return more();
      }
      case '/gzip':
        return void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(zlib.gzipSync(`<title>Zipped</title>${'y'.repeat(500_000)}`));
      case '/latin1':
        return void res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' }).end(Buffer.from('<title>Caf\u00e9 Mod\u00e8le</title>', 'latin1'));
      case '/json':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"title":"no"}');
      case '/untyped':
        res.removeHeader('content-type');
        return void res.writeHead(200).end('<title>No type</title>');
      case '/missing':
        return void res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title>');
      case '/to-ftp':
        return void res.writeHead(302, { location: 'ftp://127.0.0.1/file' }).end();
      case '/loop':
        return void res.writeHead(307, { location: '/loop' }).end();
      default:
        return void res.writeHead(500).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server, hanging }));
  });
}

function stopSite(site: Site): Promise<void> {
  for (const res of site.hanging) res.destroy();
  site.server.closeAllConnections();
  return new Promise((resolve, reject) => site.server.close((err) => (err ? reject(err) : resolve())));
}

const OPEN: FetchSiteOptions = { timeoutMs: 5_000, maxBytes: 1_000_000, maxRedirects: 5, allowPrivate: true };

describe('fetchSite against a local site', () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => stopSite(site));

  test('reads an HTML page and names fieldhouse in its User-Agent', async () => {
    const page = await fetchSite(`${site.base}/og`, OPEN);
    assert.equal(page.url, `${site.base}/og`);
    assert.equal(page.truncated, false);
    assert.match(page.html, /og:site_name/);
    assert.match(USER_AGENT, /fieldhouse/);
    assert.ok(site.requests.includes(`/og ${USER_AGENT}`));
  });

  test('follows redirects up to the limit and reports where it ended', async () => {
    const page = await fetchSite(`${site.base}/chain/5`, { ...OPEN, maxRedirects: 5 });
    assert.equal(page.url, `${site.base}/chain/0`);
    assert.match(page.html, /Just/);
    const none = await fetchSite(`${site.base}/chain/0`, { ...OPEN, maxRedirects: 0 });
    assert.equal(none.url, `${site.base}/chain/0`);
  });

  test('refuses a chain longer than maxRedirects, and redirect loops', async () => {
    await assert.rejects(fetchSite(`${site.base}/chain/6`, { ...OPEN, maxRedirects: 5 }), (err: Error) => err instanceof SiteFetchError && /more than 5 times/.test(err.message));
    await assert.rejects(fetchSite(`${site.base}/chain/1`, { ...OPEN, maxRedirects: 0 }), SiteFetchError);
    await assert.rejects(fetchSite(`${site.base}/loop`, OPEN), /redirected more than 5 times/);
  });

  test('refuses a redirect to anything but http or https', async () => {
    await assert.rejects(fetchSite(`${site.base}/to-ftp`, OPEN), (err: Error) => err instanceof SiteFetchError && /ftp URL/.test(err.message));
  });

  test('gives up on a response that sends headers and then nothing, with SiteTimeoutError', async () => {
    const started = Date.now();
    await assert.rejects(fetchSite(`${site.base}/hang`, { ...OPEN, timeoutMs: 150 }), (err: Error) => err instanceof SiteTimeoutError && /150 ms/.test(err.message));
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
  });

  test('an outside signal that times out also ends in SiteTimeoutError', async () => {
    await assert.rejects(fetchSite(`${site.base}/hang`, { ...OPEN, timeoutMs: 10_000, signal: AbortSignal.timeout(100) }), SiteTimeoutError);
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(fetchSite(`${site.base}/og`, { ...OPEN, signal: aborted.signal }), (err: Error) => err instanceof SiteFetchError && !(err instanceof SiteTimeoutError) && /aborted/.test(err.message));
  });

  test('truncates a huge body to maxBytes', async () => {
    const page = await fetchSite(`${site.base}/huge`, { ...OPEN, maxBytes: 20_000 });
    assert.equal(page.truncated, true);
    assert.equal(Buffer.byteLength(page.html), 20_000);
    assert.match(page.html, /^<html><head><title>Huge<\/title>/);
    assert.equal(siteFacts(page.html, page.url).name, 'Huge');
  });

  test('caps a compressed body after decompressing it', async () => {
    const page = await fetchSite(`${site.base}/gzip`, { ...OPEN, maxBytes: 10_000 });
    assert.equal(page.truncated, true);
    assert.equal(page.html.length, 10_000);
    assert.match(page.html, /^<title>Zipped<\/title>y+$/);
  });

  test('decodes the charset the response names', async () => {
    const page = await fetchSite(`${site.base}/latin1`, OPEN);
    assert.equal(page.html, '<title>Caf\u00e9 Mod\u00e8le</title>');
  });

  test('reads only HTML', async () => {
    await assert.rejects(fetchSite(`${site.base}/json`, OPEN), (err: Error) => err instanceof SiteFetchError && /application\/json, not an HTML page/.test(err.message));
    await assert.rejects(fetchSite(`${site.base}/untyped`, OPEN), /not an HTML page/);
  });

  test('says which status a failed page answered', async () => {
    await assert.rejects(fetchSite(`${site.base}/missing`, OPEN), (err: Error) => err instanceof SiteFetchError && /HTTP 404/.test(err.message));
  });

  test('refuses other schemes and non-URLs before any request', async () => {
    await assert.rejects(fetchSite('ftp://127.0.0.1/x', OPEN), /only http and https/);
    await assert.rejects(fetchSite('file:///etc/passwd', OPEN), /only http and https/);
    await assert.rejects(fetchSite('http://', OPEN), SiteFetchError);
  });

  test('refuses loopback when private addresses are not allowed, before sending anything', async () => {
    const before = site.requests.length;
    const port = new URL(site.base).port;
    const closed = { ...OPEN, allowPrivate: false };
    // An IP literal is judged before the request.
    await assert.rejects(fetchSite(`${site.base}/og`, closed), (err: Error) => err instanceof PrivateAddressError && /127\.0\.0\.1/.test(err.message));
    await assert.rejects(fetchSite(`http://[::ffff:127.0.0.1]:${port}/og`, closed), PrivateAddressError);
    await assert.rejects(fetchSite(`http://[::1]:${port}/og`, closed), PrivateAddressError);
    // A name is judged on what it resolves to, in the connection's own lookup.
    await assert.rejects(fetchSite(`http://localhost:${port}/og`, closed), (err: Error) => err instanceof PrivateAddressError && /localhost resolves to/.test(err.message));
    assert.equal(site.requests.length, before);
  });

  test('a name is dialled through the guarded lookup when private addresses are allowed', async () => {
    const port = new URL(site.base).port;
    const page = await fetchSite(`http://localhost:${port}/title`, OPEN);
    assert.match(page.html, /Just/);
  });

  test('a name that does not resolve is a SiteFetchError saying so', async () => {
    await assert.rejects(fetchSite('http://no-such-host.invalid/', OPEN), (err: Error) => err instanceof SiteFetchError && /does not resolve/.test(err.message));
  });

  test('a refused connection is a SiteFetchError saying so', async () => {
    const spare = http.createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise<void>((resolve) => spare.close(() => resolve()));
    await assert.rejects(fetchSite(`http://127.0.0.1:${port}/`, OPEN), (err: Error) => err instanceof SiteFetchError && /refused/.test(err.message));
  });
});

describe('isPublicAddress', () => {
  const cases: Array<[string, boolean]> = [
    ['10.0.0.1', false],
    ['10.255.255.255', false],
    ['172.16.0.1', false],
    ['172.31.255.1', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['127.0.0.1', false],
    ['127.8.9.10', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['100.127.255.254', false],
    ['0.0.0.0', false],
    ['255.255.255.255', false],
    ['224.0.0.1', false],
    ['::', false],
    ['::1', false],
    ['fc00::1', false],
    ['fd12:3456::1', false],
    ['fe80::1', false],
    ['fe80::1%eth0', false],
    ['ff02::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['64:ff9b::7f00:1', false],
    ['2002:7f00:1::', false],
    ['2001:db8::1', false],
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['::ffff:8.8.8.8', true],
    ['2606:4700::1', true],
    ['[2606:4700::1]', true],
    ['2001:4860:4860::8888', true],
    ['not an address', false],
    ['', false],
  ];
  for (const [ip, expected] of cases) {
    test(`${ip || '(empty)'} is ${expected ? 'public' : 'not public'}`, () => assert.equal(isPublicAddress(ip), expected));
  }
});

/** What a write of the value to an account's field of that service stores, or the refusal. */
function asWritten(value: string, handleService: HandleService): unknown {
  return SOCIAL_HANDLE.normalize(value, { key: '$social', objectType: 'account', config: { handleService }, defaultRegion: 'US' });
}

describe('siteFacts', () => {
  test('takes og tags and the first profile link of each service, skipping share links', () => {
    const facts = siteFacts(OG_PAGE, 'https://acme.test/');
    assert.deepEqual(facts, {
      name: 'Acme & Sons',
      description: 'We make widgets — lots of them.',
      linkedIn: 'https://www.linkedin.com/company/acme-corp',
      twitter: 'https://x.com/AcmeHQ',
      facebook: 'https://www.facebook.com/acme.widgets',
      instagram: 'https://www.instagram.com/acme.widgets',
    });
  });

  test('returns social values a SOCIAL_HANDLE write stores unchanged', () => {
    const facts = siteFacts(OG_PAGE, 'https://acme.test/');
    const services: Array<[keyof typeof facts, HandleService]> = [
      ['linkedIn', 'LINKEDIN'],
      ['twitter', 'TWITTER'],
      ['facebook', 'FACEBOOK'],
      ['instagram', 'INSTAGRAM'],
    ];
    for (const [fact, service] of services) assert.equal(asWritten(facts[fact]!, service), facts[fact]);
    const person = siteFacts('<a href="https://linkedin.com/in/jane-doe">me</a><a href="https://www.facebook.com/profile.php?id=1234&ref=x">fb</a>', 'https://jane.test/');
    assert.equal(person.linkedIn, 'https://www.linkedin.com/in/jane-doe');
    assert.equal(asWritten(person.linkedIn!, 'LINKEDIN'), person.linkedIn);
    assert.equal(person.facebook, 'https://www.facebook.com/profile.php?id=1234');
    assert.equal(asWritten(person.facebook!, 'FACEBOOK'), person.facebook);
  });

  test('falls back to the title, whitespace collapsed and entities decoded', () => {
    assert.deepEqual(siteFacts(TITLE_PAGE, 'https://example.test/'), { name: 'Just a title & more' });
  });

  test('falls back to the meta description', () => {
    const facts = siteFacts('<title>X</title><meta name="Description" content="Plain &quot;words&quot;">', 'https://x.test/');
    assert.equal(facts.description, 'Plain "words"');
  });

  test('keeps only the part of a title that matches the domain, else the whole title', () => {
    const name = (title: string, url = 'https://www.acme.com/') => siteFacts(`<title>${title}</title>`, url).name;
    assert.equal(name('Acme Corp | Widgets for everyone'), 'Acme Corp');
    assert.equal(name('Home - Acme'), 'Acme');
    assert.equal(name('Widgets for everyone — ACME'), 'ACME');
    assert.equal(name('Widgets | Gadgets'), 'Widgets | Gadgets');
    assert.equal(name('Acme widgets | Acme'), 'Acme widgets | Acme');
    assert.equal(name('Rock-solid widgets'), 'Rock-solid widgets');
    assert.equal(name('Acme Widgets', 'https://acme.co.uk/'), 'Acme Widgets');
  });

  test('skips intent, sharer and other non-profile links', () => {
    const html = [
      'https://twitter.com/intent/follow?screen_name=acme',
      'https://twitter.com/share',
      'https://x.com/acme/status/123',
      'https://twitter.com/search?q=acme',
      'https://www.facebook.com/sharer.php?u=x',
      'https://facebook.com/dialog/share',
      'https://www.facebook.com/pages/Acme/123',
      'https://www.instagram.com/explore/tags/acme',
      'https://www.instagram.com/reel/abc/',
      'https://www.linkedin.com/shareArticle?mini=true',
      'https://www.linkedin.com/sharing/share-offsite/?url=x',
      'https://www.linkedin.com/in/someone/detail/',
      'mailto:hi@acme.test',
      'javascript:void(0)',
      'https://notlinkedin.com/company/acme',
    ]
      .map((href) => `<a href="${href}">x</a>`)
      .join('');
    assert.deepEqual(siteFacts(html, 'https://acme.test/'), {});
  });

  test('takes the X account from twitter:site when no link names one', () => {
    assert.equal(siteFacts('<meta name="twitter:site" content="@acme_hq">', 'https://acme.test/').twitter, 'https://x.com/acme_hq');
  });

  test('caps long values at a word, with an ellipsis', () => {
    const long = `${'word '.repeat(600)}`;
    const facts = siteFacts(`<meta property="og:site_name" content="${'N'.repeat(300)}"><meta name="description" content="${long}">`, 'https://x.test/');
    assert.equal(Array.from(facts.name!).length, 200);
    assert.ok(facts.name!.endsWith('…'));
    assert.ok(Array.from(facts.description!).length <= 1_000);
    assert.match(facts.description!, /word…$/);
  });

  test('reads nothing from an empty or tagless page', () => {
    assert.deepEqual(siteFacts('', 'https://x.test/'), {});
    assert.deepEqual(siteFacts('<title>   </title><meta property="og:site_name" content=" ">', 'https://x.test/'), {});
  });
});
