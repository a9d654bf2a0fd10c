'use client';

import dynamic from 'next/dynamic';

// The editor lives in the browser only: it reads localStorage as it starts, and Tiptap needs the DOM.
export const PostEditorLoader = dynamic(() => import('./post-editor').then((module) => module.PostEditor), {
  ssr: false,
  loading: () => <p className="meta">Loading the editor…</p>,
});
