type ViewBeaconProps = { postId: number };

/**
 * Counts a page view without making the page per-visitor: the cached HTML is the same for everyone,
 * and the browser's request for this 1×1 image reaches the server on every real view. Crawlers
 * that do not load images, and browsers that only prefetch the page, are not counted.
 */
export function ViewBeacon({ postId }: ViewBeaconProps) {
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a counting pixel, not content.
    <img
      src={`/api/views/${postId}`}
      alt=""
      width={1}
      height={1}
      aria-hidden="true"
      className="pointer-events-none absolute h-px w-px opacity-0"
    />
  );
}
