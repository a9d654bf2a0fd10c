import 'server-only';
import { getStoredModerationRules } from '@/db/queries/moderation';
import { defaultModerationRules, moderationRulesSchema, type ModerationRules } from '../policies/moderation-policy';

// The last rules read and what they parsed to: the comment action reads them on every comment, and
// they change only when an admin saves them. Keyed by the stored text, so a change made by another
// process (the CLI, a restore) is seen at once.
let parsedRules: { value: string; rules: ModerationRules } | null = null;

/** The graduated moderation rules: the saved ones over the defaults, or the defaults. */
export async function getModerationRules(): Promise<ModerationRules> {
  const value = await getStoredModerationRules();
  if (value === null) return defaultModerationRules;
  if (parsedRules?.value !== value) parsedRules = { value, rules: parseModerationRules(value) };
  return parsedRules.rules;
}

function parseModerationRules(value: string): ModerationRules {
  try {
    const parsed = moderationRulesSchema.partial().safeParse(JSON.parse(value));
    return parsed.success ? { ...defaultModerationRules, ...parsed.data } : defaultModerationRules;
  } catch {
    return defaultModerationRules;
  }
}
