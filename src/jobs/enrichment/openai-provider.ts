import { convert } from 'html-to-text';
import OpenAI from 'openai';
import type { EnrichmentConfig } from '../../config.js';
import { fetchSite } from './fetch-site.js';
import { factsAsValues, SITE_FACT_FIELDS, type EnrichmentProvider, type SiteFactName } from './provider.js';
import { siteFacts } from './site-facts.js';

/** Enough of a home page for a model to say what the company does, small enough for any context. */
const MAX_PAGE_CHARS = 12_000;

const SYSTEM = [
  'You extract facts about a company from the text of its website.',
  'Answer one JSON object with only these keys, each a string, and only where the page states it:',
  'name (the company name), description (one or two sentences on what the company sells and to whom),',
  'linkedIn, twitter, facebook, instagram (the profile URLs or handles the page links to). Never guess.',
].join(' ');

/** Any OpenAI-compatible chat endpoint reads the page; what the page's own tags state fills what the model leaves out. */
export function openAiEnrichmentProvider(config: EnrichmentConfig): EnrichmentProvider {
  const client = new OpenAI({ apiKey: config.openaiApiKey ?? 'not-needed', baseURL: config.openaiBaseUrl, timeout: config.timeoutMs, maxRetries: 0 });
  return {
    name: 'openai',
    async readSite({ url, targets, signal }) {
      const page = await fetchSite(url, { timeoutMs: config.timeoutMs, maxBytes: config.maxBytes, maxRedirects: config.maxRedirects, allowPrivate: config.allowPrivate, signal });
      const text = convert(page.html, { wordwrap: false }).slice(0, MAX_PAGE_CHARS);
      const completion = await client.chat.completions.create(
        {
          model: config.model,
          messages: [
            { role: 'system', content: SYSTEM },
            { role: 'user', content: `The website ${page.url} reads:\n\n${text}` },
          ],
          response_format: { type: 'json_object' },
          max_tokens: 500,
          temperature: 0,
        },
        { signal },
      );
      const answer = completion.choices[0]?.message?.content;
      if (!answer) throw new Error('The enrichment endpoint answered without any text.');
      let parsed: unknown;
      try {
        parsed = JSON.parse(answer);
      } catch {
        throw new Error('The enrichment endpoint answered with something other than a JSON object.');
      }
      const said: Partial<Record<SiteFactName, string>> = {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const fact of Object.keys(SITE_FACT_FIELDS) as SiteFactName[]) {
          const value = (parsed as Record<string, unknown>)[fact];
          if (typeof value === 'string' && value.trim() !== '') said[fact] = value.trim();
        }
      }
      return factsAsValues({ ...siteFacts(page.html, page.url), ...said }, targets);
    },
  };
}
