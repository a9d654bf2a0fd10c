'use client';

import Image from '@tiptap/extension-image';
import { Markdown } from '@tiptap/markdown';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useRef, useState } from 'react';
import { FormatButtons, LinkForm } from './format-toolbar';
import { ImageFileInput } from './image-file-input';

/**
 * The address the editor shows an image from: the site's own and http(s) ones. Anything else an
 * author typed in Markdown (javascript:, data:) is shown as no image; the text keeps what was typed,
 * and the public page's sanitiser decides what readers see.
 */
function shownImageSrc(src: unknown): string | null {
  if (typeof src !== 'string') return null;
  // As a browser reads it: spaces and control characters inside "java script:" count for nothing.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(src.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' ? src : null;
}

const ShownImage = Image.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      src: { default: null, renderHTML: (attributes) => ({ src: shownImageSrc(attributes.src) }) },
    };
  },
});

type RichTextEditorProps = {
  markdown: string;
  /** Raised when the text is replaced from outside (a restored revision, the other tab's copy). */
  resetSignal: number;
  mode: 'rich' | 'markdown';
  onChange: (markdown: string) => void;
  onModeChange: (mode: 'rich' | 'markdown') => void;
  /** Uploads an image and answers with its address, or throws with a message for the author. */
  uploadImage: (file: File) => Promise<{ src: string }>;
  onUploadError: (message: string) => void;
};

const imageFiles = (files: FileList | null | undefined) =>
  Array.from(files ?? []).filter(
    (file) => file.type.startsWith('image/') || /\.(png|jpe?g|webp|gif|avif)$/i.test(file.name),
  );

const altFrom = (file: File) =>
  file.name
    .replace(/\.[a-z0-9]+$/i, '')
    .replace(/[-_]+/g, ' ')
    .trim();

/**
 * Tiptap with Markdown as the stored format: a toolbar, the usual shortcuts and Markdown typing
 * rules (## , **bold**, > , ```), and a "Markdown" mode that edits the source itself.
 */
export function RichTextEditor({
  markdown,
  resetSignal,
  mode,
  onChange,
  onModeChange,
  uploadImage,
  onUploadError,
}: RichTextEditorProps) {
  const onChangeRef = useRef(onChange);
  const markdownRef = useRef(markdown);
  const uploadRef = useRef<(files: File[]) => void>(() => undefined);
  const openLinkRef = useRef<() => void>(() => undefined);
  // The selection the link is for, kept while focus is in the link form.
  const [linkRange, setLinkRange] = useState<{ from: number; to: number; href: string } | null>(null);
  const [uploading, setUploading] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const sourceArea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    onChangeRef.current = onChange;
    markdownRef.current = markdown;
  }, [onChange, markdown]);

  const editor = useEditor({
    immediatelyRender: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
      }),
      ShownImage.configure({ allowBase64: false }),
      Markdown,
    ],
    content: markdown,
    contentType: 'markdown',
    editorProps: {
      attributes: {
        class: 'prose max-w-none min-h-[24rem] p-4 focus:outline-none dark:prose-invert',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': 'Post body',
      },
      handlePaste: (_view, event) => {
        const files = imageFiles(event.clipboardData?.files);
        if (files.length === 0) return false;
        uploadRef.current(files);
        return true;
      },
      handleDrop: (_view, event) => {
        const files = imageFiles((event as DragEvent).dataTransfer?.files);
        if (files.length === 0) return false;
        event.preventDefault();
        uploadRef.current(files);
        return true;
      },
      handleKeyDown: (_view, event) => {
        if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k') {
          event.preventDefault();
          openLinkRef.current();
          return true;
        }
        return false;
      },
    },
    onUpdate: ({ editor: current }) => onChangeRef.current(current.getMarkdown()),
  });

  // A replaced document (restore, conflict resolution, local backstop) is loaded without counting as an edit.
  const lastReset = useRef(resetSignal);
  useEffect(() => {
    if (!editor || lastReset.current === resetSignal) return;
    lastReset.current = resetSignal;
    editor.commands.setContent(markdown, { contentType: 'markdown', emitUpdate: false });
  }, [editor, resetSignal, markdown]);

  const insertImage = (src: string, alt: string) => {
    if (mode === 'markdown') {
      // The upload took a while: insert into the text as it is now, not as it was when it started.
      const current = markdownRef.current;
      const at = sourceArea.current?.selectionStart ?? current.length;
      const snippet = `![${alt.replace(/[[\]]/g, '')}](${src})`;
      onChangeRef.current(`${current.slice(0, at)}${at > 0 ? '\n\n' : ''}${snippet}\n\n${current.slice(at)}`);
      return;
    }
    editor?.chain().focus().setImage({ src, alt }).run();
  };

  useEffect(() => {
    uploadRef.current = (files: File[]) => {
      for (const file of files) {
        setUploading((count) => count + 1);
        uploadImage(file)
          .then(({ src }) => insertImage(src, altFrom(file)))
          .catch((error: unknown) => onUploadError(error instanceof Error ? error.message : 'The upload failed.'))
          .finally(() => setUploading((count) => count - 1));
      }
    };
  });

  useEffect(() => {
    openLinkRef.current = () => {
      if (!editor) return;
      const { from, to } = editor.state.selection;
      setLinkRange({ from, to, href: (editor.getAttributes('link').href as string | undefined) ?? '' });
    };
  });

  const switchMode = (next: 'rich' | 'markdown') => {
    if (next === mode) return;
    if (next === 'rich') editor?.commands.setContent(markdown, { contentType: 'markdown', emitUpdate: false });
    onModeChange(next);
  };

  return (
    <div className="rounded border border-[var(--color-line)] bg-[var(--color-card)]">
      <div
        role="toolbar"
        aria-label="Formatting"
        className="flex flex-wrap items-center gap-1 border-b border-[var(--color-line)] p-1"
      >
        {mode === 'rich' && editor ? <FormatButtons editor={editor} onLink={() => openLinkRef.current()} /> : null}
        <button
          type="button"
          className="toolbar-button"
          onClick={() => fileInput.current?.click()}
          title="Insert an image (or paste or drop one)"
        >
          Image
        </button>
        <ImageFileInput
          inputRef={fileInput}
          label="Upload an image into the post"
          onFiles={(files) => uploadRef.current(files)}
        />
        <span className="ml-auto flex items-center gap-2">
          {uploading > 0 ? (
            <span className="meta" role="status">
              Uploading…
            </span>
          ) : null}
          <button
            type="button"
            className="toolbar-button"
            aria-pressed={mode === 'markdown'}
            onClick={() => switchMode(mode === 'rich' ? 'markdown' : 'rich')}
          >
            Markdown
          </button>
        </span>
      </div>
      {linkRange && mode === 'rich' && editor ? (
        <LinkForm editor={editor} range={linkRange} onDone={() => setLinkRange(null)} />
      ) : null}
      {mode === 'markdown' ? (
        <textarea
          ref={sourceArea}
          aria-label="Markdown source"
          className="block min-h-[24rem] w-full resize-y bg-transparent p-4 font-mono text-sm focus:outline-none"
          value={markdown}
          spellCheck
          onChange={(event) => onChange(event.target.value)}
          onPaste={(event) => {
            const files = imageFiles(event.clipboardData.files);
            if (files.length) {
              event.preventDefault();
              uploadRef.current(files);
            }
          }}
          onDrop={(event) => {
            const files = imageFiles(event.dataTransfer.files);
            if (files.length) {
              event.preventDefault();
              uploadRef.current(files);
            }
          }}
        />
      ) : (
        <EditorContent editor={editor} />
      )}
    </div>
  );
}
