import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.js';
import * as records from './0002_records.js';
import * as webSessions from './0003_web_sessions.js';
import * as customObjects from './0004_custom_objects.js';
import * as jobs from './0005_jobs.js';
import * as byteOrderText from './0006_byte_order_text.js';
import * as rateLimitBuckets from './0007_rate_limit_buckets.js';
import * as idempotencyEffects from './0008_idempotency_effects.js';
import * as definitionVersions from './0009_definition_versions.js';
import * as recordTermPairs from './0010_record_term_pairs.js';
import * as files from './0011_files.js';
import * as listMembers from './0012_list_members.js';
import * as meetingLinks from './0013_meeting_links.js';
import * as mail from './0014_mail.js';
import * as lifecycle from './0015_lifecycle.js';
import * as channelsEnrichment from './0016_channels_enrichment.js';
import * as boundedIndexKeys from './0017_bounded_index_keys.js';

/** Every migration, in order. Names are permanent: a shipped name is never renamed or reused. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_records': records,
  '0003_web_sessions': webSessions,
  '0004_custom_objects': customObjects,
  '0005_jobs': jobs,
  '0006_byte_order_text': byteOrderText,
  '0007_rate_limit_buckets': rateLimitBuckets,
  '0008_idempotency_effects': idempotencyEffects,
  '0009_definition_versions': definitionVersions,
  '0010_record_term_pairs': recordTermPairs,
  '0011_files': files,
  '0012_list_members': listMembers,
  '0013_meeting_links': meetingLinks,
  '0014_mail': mail,
  '0015_lifecycle': lifecycle,
  '0016_channels_enrichment': channelsEnrichment,
  '0017_bounded_index_keys': boundedIndexKeys,
};
