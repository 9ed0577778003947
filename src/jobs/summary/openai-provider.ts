import OpenAI from 'openai';
import type { SummaryConfig } from '../../config.js';
import { offlineSummary } from './offline-provider.js';
import type { SummaryProvider } from './provider.js';

/** The prompt's facts are the offline summary: bounded, and the same data either way. */
const MAX_PROMPT_CHARS = 8000;

const SYSTEM = [
  'You write concise opportunity summaries for a sales team, in markdown.',
  'Use only the facts given. Cover stage and status, amount and close date, the account and people,',
  'open and overdue tasks, what recent notes say, and concrete next steps. At most 200 words.',
].join(' ');

/** Any OpenAI-compatible chat endpoint, through the maintained `openai` client. */
export function openAiProvider(config: SummaryConfig): SummaryProvider {
  const client = new OpenAI({
    apiKey: config.openaiApiKey ?? 'not-needed',
    baseURL: config.openaiBaseUrl,
    timeout: config.timeoutMs,
    // The job queue retries with backoff; the client retrying too would multiply the wait.
    maxRetries: 0,
  });
  return {
    name: 'openai',
    async summarize(input) {
      const facts = offlineSummary(input).slice(0, MAX_PROMPT_CHARS);
      const completion = await client.chat.completions.create({
        model: config.model,
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: `Summarize this opportunity as of ${input.now.slice(0, 10)}:\n\n${facts}` },
        ],
        max_tokens: 600,
        temperature: 0.2,
      });
      const summary = completion.choices[0]?.message?.content?.trim();
      if (!summary) throw new Error('The summary endpoint answered without any text.');
      return { summary };
    },
  };
}
