// The short list a moderator picks a removal reason from (no server-only imports: forms use it).
export const removalReasons = ['Spam', 'Abuse or harassment', 'Off-topic', 'Personal information'] as const;
