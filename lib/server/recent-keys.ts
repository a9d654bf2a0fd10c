/**
 * Remembers the last `capacity` keys it was asked about, least recently asked forgotten first.
 * `askedBefore(key)` says whether the key is among them, and remembers it either way; `has(key)`
 * only says.
 */
export function recentKeys(capacity: number): { askedBefore(key: string): boolean; has(key: string): boolean } {
  // A Set keeps insertion order: re-adding a key moves it to the end, so the first is the least recent.
  const keys = new Set<string>();
  return {
    askedBefore(key) {
      const seen = keys.delete(key);
      keys.add(key);
      if (keys.size > capacity) keys.delete(keys.values().next().value!);
      return seen;
    },
    has: (key) => keys.has(key),
  };
}
