'use client';

import { useId, useRef, useState } from 'react';
import type { PostKind, PostStatus } from '@/db/schema';
import { MAX_LABELS } from '@/lib/validations/limits';
import type { PostDocument } from '@/lib/validations/post';
import { ImageFileInput } from './image-file-input';
import { Field, TextSetting } from './setting-fields';
import { uploadImage } from './upload';

type SidePanelProps = {
  document: PostDocument;
  /** The slug the post has now (made from the title while the slug field is empty). */
  slug: string;
  status: PostStatus;
  /** A page has no labels and no comments, and lives at /pages/<slug>. */
  kind: PostKind;
  errors: Record<string, string>;
  knownLabels: string[];
  onChange: (patch: Partial<PostDocument>) => void;
  onUploadError: (message: string) => void;
};

/** Slug, excerpt, labels, cover, SEO fields and comments, beside the editor. */
export function SidePanel({
  document,
  slug,
  status,
  kind,
  errors,
  knownLabels,
  onChange,
  onUploadError,
}: SidePanelProps) {
  const [labelInput, setLabelInput] = useState('');
  const [coverBusy, setCoverBusy] = useState(false);
  const coverInput = useRef<HTMLInputElement>(null);
  const listId = useId();
  const setting = { document, errors, onChange };
  const base = kind === 'page' ? '/pages/' : '/posts/';

  const addLabel = () => {
    const name = labelInput.trim().replace(/,+$/, '');
    setLabelInput('');
    if (!name || document.labels.some((label) => label.toLowerCase() === name.toLowerCase())) return;
    if (document.labels.length >= MAX_LABELS) return;
    onChange({ labels: [...document.labels, name.slice(0, 50)] });
  };

  return (
    <section
      aria-labelledby="post-settings-heading"
      className="flex flex-col gap-4 rounded border border-[var(--color-line)] p-4"
    >
      <h2 id="post-settings-heading" className="font-semibold">
        {kind === 'page' ? 'Page settings' : 'Post settings'}
      </h2>
      <Field
        label="Slug"
        error={errors.slug}
        hint={
          document.slug
            ? `Address: ${base}${document.slug}${status === 'published' ? '. Changing it keeps the old address working (it redirects).' : ''}`
            : `Made from the title: ${base}${slug}`
        }
      >
        {({ id, describedBy }) => (
          <input
            id={id}
            className="input"
            value={document.slug}
            placeholder={slug}
            maxLength={80}
            aria-describedby={describedBy}
            aria-invalid={errors.slug ? true : undefined}
            onChange={(event) => onChange({ slug: event.target.value.toLowerCase().replace(/[^a-z0-9-]/g, '-') })}
          />
        )}
      </Field>
      <TextSetting
        {...setting}
        name="excerpt"
        label="Excerpt"
        hint="Shown in lists and feeds. Empty: the opening lines."
        maxLength={500}
        multiline
      />
      {kind === 'page' ? null : (
        <div className="flex flex-col gap-2 text-sm">
          <Field label="Labels" hint="Pick one or type a new one, then press Enter." error={errors.labels}>
            {({ id, describedBy }) => (
              <div className="flex gap-2">
                <input
                  id={id}
                  className="input min-w-0 flex-1"
                  list={listId}
                  value={labelInput}
                  maxLength={50}
                  aria-describedby={describedBy}
                  onChange={(event) => setLabelInput(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ',') {
                      event.preventDefault();
                      addLabel();
                    }
                  }}
                />
                <button type="button" className="button-secondary" onClick={addLabel}>
                  Add label
                </button>
              </div>
            )}
          </Field>
          <datalist id={listId}>
            {knownLabels.map((label) => (
              <option key={label} value={label} />
            ))}
          </datalist>
          {document.labels.length > 0 ? (
            <ul className="flex flex-wrap gap-2" aria-label="Labels of this post">
              {document.labels.map((label) => (
                <li key={label} className="chip flex items-center gap-1">
                  {label}
                  <button
                    type="button"
                    aria-label={`Remove label ${label}`}
                    onClick={() => onChange({ labels: document.labels.filter((other) => other !== label) })}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
      <div className="flex flex-col gap-2 text-sm">
        <span className="font-medium">Cover image</span>
        {document.coverImage ? (
          // eslint-disable-next-line @next/next/no-img-element -- a small preview of the chosen cover.
          <img src={document.coverImage} alt="" className="aspect-[40/21] w-full rounded object-cover" />
        ) : null}
        <div className="flex gap-3">
          <button
            type="button"
            className="button-secondary"
            disabled={coverBusy}
            onClick={() => coverInput.current?.click()}
          >
            {coverBusy ? 'Uploading…' : document.coverImage ? 'Replace cover' : 'Upload cover'}
          </button>
          {document.coverImage ? (
            <button type="button" className="underline" onClick={() => onChange({ coverImage: '', coverAlt: '' })}>
              Remove cover
            </button>
          ) : null}
        </div>
        <ImageFileInput
          inputRef={coverInput}
          label="Upload a cover image"
          onFiles={async ([file]) => {
            if (!file) return;
            setCoverBusy(true);
            try {
              const image = await uploadImage(file);
              onChange({ coverImage: image.src });
            } catch (error) {
              onUploadError(error instanceof Error ? error.message : 'The upload failed.');
            } finally {
              setCoverBusy(false);
            }
          }}
        />
        {errors.coverImage ? <p className="text-red-700 dark:text-red-300">{errors.coverImage}</p> : null}
        {document.coverImage ? (
          <TextSetting
            {...setting}
            name="coverAlt"
            label="Cover description"
            hint="What the image shows, for readers who cannot see it."
            maxLength={300}
          />
        ) : null}
      </div>
      <TextSetting
        {...setting}
        name="seoTitle"
        label="SEO title"
        hint="For search engines and shared links. Empty: the post title."
        maxLength={120}
      />
      <TextSetting
        {...setting}
        name="seoDescription"
        label="SEO description"
        hint="Empty: the excerpt."
        maxLength={300}
        multiline
      />
      {kind === 'page' ? null : (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={document.commentsOpen}
            onChange={(event) => onChange({ commentsOpen: event.target.checked })}
          />
          Comments open
        </label>
      )}
    </section>
  );
}
