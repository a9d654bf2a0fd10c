'use client';

import type { RefObject } from 'react';

/** The formats the server accepts; the server still checks the bytes themselves. */
const ACCEPTED_IMAGES = 'image/png,image/jpeg,image/webp,image/gif,image/avif';

/** A hidden file picker, opened by a visible button; hands over the chosen files and resets itself. */
export function ImageFileInput({
  inputRef,
  label,
  onFiles,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  label: string;
  onFiles: (files: File[]) => void;
}) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept={ACCEPTED_IMAGES}
      className="sr-only"
      aria-label={label}
      tabIndex={-1}
      onChange={(event) => {
        const files = Array.from(event.target.files ?? []);
        event.target.value = '';
        if (files.length) onFiles(files);
      }}
    />
  );
}
