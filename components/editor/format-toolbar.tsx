'use client';

import { useEditorState, type Editor } from '@tiptap/react';

// The rich editor's formatting buttons and its link form.

/** One button per format, pressed when the selection has it; the code block's language beside them. */
export function FormatButtons({ editor, onLink }: { editor: Editor; onLink: () => void }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      h2: current.isActive('heading', { level: 2 }),
      h3: current.isActive('heading', { level: 3 }),
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      strike: current.isActive('strike'),
      code: current.isActive('code'),
      link: current.isActive('link'),
      quote: current.isActive('blockquote'),
      bullets: current.isActive('bulletList'),
      numbers: current.isActive('orderedList'),
      codeBlock: current.isActive('codeBlock'),
      language: (current.getAttributes('codeBlock').language as string | null) ?? '',
    }),
  });
  const chain = () => editor.chain().focus();
  const buttons: { label: string; shortcut?: string; active?: boolean; run: () => void }[] = [
    { label: 'Heading', active: state.h2, run: () => chain().toggleHeading({ level: 2 }).run() },
    { label: 'Subheading', active: state.h3, run: () => chain().toggleHeading({ level: 3 }).run() },
    { label: 'Bold', shortcut: 'Ctrl+B', active: state.bold, run: () => chain().toggleBold().run() },
    { label: 'Italic', shortcut: 'Ctrl+I', active: state.italic, run: () => chain().toggleItalic().run() },
    { label: 'Strike', shortcut: 'Ctrl+Shift+S', active: state.strike, run: () => chain().toggleStrike().run() },
    { label: 'Inline code', shortcut: 'Ctrl+E', active: state.code, run: () => chain().toggleCode().run() },
    { label: 'Link', shortcut: 'Ctrl+K', active: state.link, run: onLink },
    { label: 'Quote', shortcut: 'Ctrl+Shift+B', active: state.quote, run: () => chain().toggleBlockquote().run() },
    {
      label: 'Bulleted list',
      shortcut: 'Ctrl+Shift+8',
      active: state.bullets,
      run: () => chain().toggleBulletList().run(),
    },
    {
      label: 'Numbered list',
      shortcut: 'Ctrl+Shift+7',
      active: state.numbers,
      run: () => chain().toggleOrderedList().run(),
    },
    {
      label: 'Code block',
      shortcut: 'Ctrl+Alt+C',
      active: state.codeBlock,
      run: () => chain().toggleCodeBlock().run(),
    },
    { label: 'Divider', run: () => chain().setHorizontalRule().run() },
  ];
  return (
    <>
      {buttons.map((button) => (
        <button
          key={button.label}
          type="button"
          className="toolbar-button"
          aria-pressed={button.active}
          title={button.shortcut ? `${button.label} (${button.shortcut})` : button.label}
          onMouseDown={(event) => event.preventDefault()}
          onClick={button.run}
        >
          {button.label}
        </button>
      ))}
      {state.codeBlock ? (
        <label className="flex items-center gap-1 text-sm">
          Language
          <input
            className="input w-28 py-0.5"
            value={state.language}
            maxLength={30}
            onChange={(event) =>
              editor
                .chain()
                .updateAttributes('codeBlock', { language: event.target.value.replace(/[^a-z0-9+#-]/gi, '') || null })
                .run()
            }
          />
        </label>
      ) : null}
    </>
  );
}

/** The link form under the toolbar: applies to the selection kept when it opened (empty removes it). */
export function LinkForm({
  editor,
  range,
  onDone,
}: {
  editor: Editor;
  range: { from: number; to: number; href: string };
  onDone: () => void;
}) {
  return (
    <form
      className="flex flex-wrap items-center gap-2 border-b border-[var(--color-line)] p-2 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        const href = String(new FormData(event.currentTarget).get('href') ?? '').trim();
        const chain = editor
          .chain()
          .focus()
          .setTextSelection({ from: range.from, to: range.to })
          .extendMarkRange('link');
        // The cursor goes after the link, so typing on does not replace it.
        if (href) chain.setLink({ href }).setTextSelection(range.to).run();
        else chain.unsetLink().setTextSelection(range.to).run();
        onDone();
      }}
    >
      <label className="flex items-center gap-2">
        Link address
        <input
          autoFocus
          name="href"
          className="input w-72"
          type="url"
          defaultValue={range.href}
          placeholder="https://"
        />
      </label>
      <button type="submit" className="button-secondary">
        Apply link
      </button>
      <button type="button" className="underline" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
