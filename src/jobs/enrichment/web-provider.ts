import type { EnrichmentConfig } from '../../config.js';
import { fetchSite } from './fetch-site.js';
import { factsAsValues, type EnrichmentProvider } from './provider.js';
import { siteFacts } from './site-facts.js';

/** The default: fetches the site and takes what its page states (title, og tags, social links). */
export function webProvider(config: EnrichmentConfig): EnrichmentProvider {
  return {
    name: 'web',
    async readSite({ url, targets, signal }) {
      const page = await fetchSite(url, { timeoutMs: config.timeoutMs, maxBytes: config.maxBytes, maxRedirects: config.maxRedirects, allowPrivate: config.allowPrivate, signal });
      return factsAsValues(siteFacts(page.html, page.url), targets);
    },
  };
}
