/** The demo blog's posts: original writing about running a small blog, with every kind of Markdown. */
export type DemoPost = {
  title: string;
  author: 'author' | 'admin';
  daysAgo: number;
  labels: string[];
  cover: string;
  coverAlt: string;
  /** Relative popularity, used to make plausible view counts. */
  weight: number;
  status?: 'draft' | 'scheduled';
  markdown: string;
};

export const demoPosts: DemoPost[] = [
  {
    title: 'Why we write in public',
    author: 'admin',
    daysAgo: 2,
    labels: ['Writing', 'Meta'],
    cover: '/covers/lamp.svg',
    coverAlt: 'A desk lamp drawn in warm orange lines',
    weight: 9,
    markdown: `A blog is a promise you make to your future self: that the thinking you did today will still be findable next year.

## The notebook that answers back

Private notes are quiet. Public notes get **replies**, corrections and the occasional *"have you tried…"* that saves a week of work. That is the whole reason this blog has comments, and why they are part of the page rather than a widget bolted on afterwards.

## What we promise readers

- Posts that load fast, with or without JavaScript.
- Comments you can read, link to and search for.
- No trackers. The view counter you see in *Popular posts* is ours, counted on our own server.

> Write the post you wished you had found when you started.

If something here helped you, say so below. If something is wrong, say that louder.`,
  },
  {
    title: 'A field guide to Markdown',
    author: 'author',
    daysAgo: 9,
    labels: ['Writing', 'How-to'],
    cover: '/covers/field.svg',
    coverAlt: 'Rolling green hills under a pale sky',
    weight: 7,
    markdown: `Markdown is the format every post on this blog is stored in. Here is everything it can do, in one place.

## Emphasis

Use *single asterisks* for emphasis, **double** for strong, and ~~tildes~~ for text you have changed your mind about.

## Lists

1. Numbered lists count for you.
2. Even when you reorder them.
   - And they nest.
   - As deep as you like.

- [x] Task lists work too
- [ ] Tick them off as you go

## Code

Inline \`code\` sits in a sentence. Blocks get syntax highlighting:

\`\`\`ts
export function readingMinutes(text: string): number {
  const words = text.split(/\\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 230));
}
\`\`\`

## Tables

| Syntax | Result |
| --- | --- |
| \`*a*\` | *a* |
| \`**b**\` | **b** |

## Quotes

> A quote can hold **formatting**, lists and even
> more than one paragraph.

That is all of it. Everything else is writing.`,
  },
  {
    title: 'Slow mornings and the first draft',
    author: 'author',
    daysAgo: 17,
    labels: ['Writing', 'Habits'],
    cover: '/covers/dawn.svg',
    coverAlt: 'A sun rising over a flat horizon in soft pink',
    weight: 5,
    markdown: `The first draft of almost every post here was written before nine in the morning, with a cup going cold beside the keyboard.

Mornings are not magic. They are simply the only hours nobody else has claimed yet. The inbox is asleep; the chat is quiet; the only voice asking for attention is the one that wants to write.

## Rules for the first draft

1. Do not edit. Cross things out and keep going.
2. Stop mid-sentence, so tomorrow starts with something easy.
3. Leave the title for last.

The second draft is where the work is. The first draft is where the idea learns it exists.`,
  },
  {
    title: 'How comments should work',
    author: 'admin',
    daysAgo: 24,
    labels: ['Meta', 'Community'],
    cover: '/covers/voices.svg',
    coverAlt: 'Overlapping speech bubbles in blue and orange',
    weight: 8,
    markdown: `Most blogs hand their comments to a third-party script that draws them in the reader's browser. It is convenient, and it has three costs.

## The three costs

- **Search engines see an empty box.** A thoughtful reply that answers the post's question never shows up when someone searches for that question.
- **Readers without JavaScript see nothing.** That includes screen-reader set-ups that block scripts, text browsers and the reader on a train with a bad connection.
- **The discussion lives somewhere else.** When the service shuts down, so does ten years of conversation.

## What we do instead

Comments here are part of the page the server sends. They have permalinks, they are threaded three levels deep, and a moderator can remove one without erasing the thread around it.

Tell us below whether it works for you.`,
  },
  {
    title: 'Taking photographs for a blog',
    author: 'author',
    daysAgo: 33,
    labels: ['Photography', 'How-to'],
    cover: '/covers/lens.svg',
    coverAlt: 'Concentric circles suggesting a camera lens',
    weight: 4,
    markdown: `A good blog photograph does one job: it tells the reader, in the half-second before they read the title, what kind of post this is.

## Light first

Shoot near a window, with the light coming from the side. Overhead kitchen lights flatten everything; the side light gives objects a shape.

## Then the frame

- Leave room around the subject; covers get cropped to different shapes on different screens.
- Keep the background plain. A busy background fights the title.
- Shoot wider than you think. You can always crop.

## Then the file

Export at 2000 pixels on the long side. The blog makes smaller versions itself, so a phone never downloads more than it shows.`,
  },
  {
    title: 'Notes on a small kitchen garden',
    author: 'admin',
    daysAgo: 41,
    labels: ['Garden'],
    cover: '/covers/garden.svg',
    coverAlt: 'Rows of green seedlings in brown soil',
    weight: 6,
    markdown: `The garden is four metres by two, behind the kitchen, and it produces more than we can eat from June to September.

## What worked

- **Runner beans** on a wigwam of hazel poles. Pick them small and often.
- **Chard**, which refuses to die and looks good doing it.
- **Thyme and oregano** in the driest corner, where nothing else would grow.

## What did not

Courgettes. Everyone says courgettes are easy. Ours sulked all summer and produced three fruits, each the size of a small dog, all in the same week.

> Plant what you like to eat, then plant half as much again for the snails.`,
  },
  {
    title: 'Keyboard shortcuts worth learning',
    author: 'author',
    daysAgo: 52,
    labels: ['How-to', 'Tools'],
    cover: '/covers/keys.svg',
    coverAlt: 'A grid of rounded keyboard keys',
    weight: 3,
    markdown: `You do not need to learn a hundred shortcuts. You need the six you reach for every day.

| Shortcut | What it does |
| --- | --- |
| \`Ctrl\` + \`L\` | Jump to the address bar |
| \`Ctrl\` + \`Shift\` + \`T\` | Reopen the tab you just closed |
| \`Ctrl\` + \`F\` | Find on the page |
| \`Alt\` + \`←\` | Go back |
| \`Ctrl\` + \`Enter\` | Send, in most editors |
| \`Tab\` | Move to the next link or field |

The last one matters most. Every page on this blog can be read and used with the keyboard alone: links and fields show a clear outline when they have focus.`,
  },
  {
    title: 'The case for plain HTML forms',
    author: 'admin',
    daysAgo: 63,
    labels: ['Web', 'Tools'],
    cover: '/covers/form.svg',
    coverAlt: 'Stacked rectangles like the fields of a form',
    weight: 5,
    markdown: `A form with \`method="post"\` and a submit button is one of the oldest things on the web, and one of the sturdiest.

## It works before the script arrives

On a slow connection the page can be visible for seconds before its JavaScript runs. A plain form works in those seconds. A form that only works through a script does not.

## Then add the script

Once the script has loaded, the same form can send without a full reload, show a spinner and keep your place on the page. That is *progressive enhancement*: the baseline works, the enhancement is nicer.

\`\`\`html
<form method="post" action="/comments">
  <label for="body">Your comment</label>
  <textarea id="body" name="body" required></textarea>
  <button type="submit">Post comment</button>
</form>
\`\`\`

Every form on this blog starts that way.`,
  },
  {
    title: 'Reading list for the winter',
    author: 'author',
    daysAgo: 75,
    labels: ['Books'],
    cover: '/covers/books.svg',
    coverAlt: 'A row of book spines in muted colours',
    weight: 4,
    markdown: `Long evenings call for long books. Here is what is on the pile this year.

1. A history of the printing press, because every blog is a very small printing press.
2. A collection of letters between two gardeners, written over forty years.
3. A novel set entirely on a night train, which is the right length for a night.
4. A field guide to winter birds, for the mornings.

What are you reading? Leave a title in the comments; the best suggestions go on next year's list.`,
  },
  {
    title: 'Backing up what matters',
    author: 'admin',
    daysAgo: 88,
    labels: ['Tools', 'Meta'],
    cover: '/covers/vault.svg',
    coverAlt: 'A heavy round vault door',
    weight: 6,
    markdown: `Every blog is one bad afternoon away from losing everything. A backup is the difference between a bad afternoon and a bad year.

## Three copies, two kinds, one elsewhere

- **Three copies** of anything you would miss.
- On **two kinds** of storage, so one failure mode cannot take both.
- With **one** copy somewhere else entirely.

## Test the restore

A backup you have never restored is a hope, not a backup. Once a season, restore into an empty folder and open the result.

This blog keeps everything in one database file, which makes the first two rules easy.`,
  },
  {
    title: 'Walking the old canal path',
    author: 'author',
    daysAgo: 101,
    labels: ['Outdoors'],
    cover: '/covers/canal.svg',
    coverAlt: 'A narrow canal between two towpaths',
    weight: 3,
    markdown: `The canal path runs eleven kilometres from the mill to the reservoir, and it is flat the whole way, which is the best thing a path can be on a Sunday.

## Things you pass

- Seven locks, two of them still worked by hand.
- A heron who has claimed the third lock and will not be moved.
- A café in a former lock-keeper's cottage that sells exactly one kind of cake.

Go early. By eleven the towpath belongs to cyclists, and the heron has gone somewhere quieter.`,
  },
  {
    title: 'Hello, world',
    author: 'admin',
    daysAgo: 120,
    labels: ['Meta'],
    cover: '/covers/hello.svg',
    coverAlt: 'The words hello world in a speech bubble',
    weight: 2,
    markdown: `Every blog starts with a post like this one, and this blog is no different.

Here you will find notes on writing, tools, gardens and walks, posted when there is something worth saying and not otherwise.

Welcome. Pull up a chair.`,
  },
  {
    title: 'Unfinished thoughts on newsletters',
    author: 'author',
    daysAgo: 0,
    labels: ['Writing'],
    cover: '/covers/lamp.svg',
    coverAlt: 'A desk lamp drawn in warm orange lines',
    weight: 0,
    status: 'draft',
    markdown: `This draft is not ready yet, so readers must never see it.`,
  },
  {
    title: 'Coming soon: the spring planting plan',
    author: 'admin',
    daysAgo: -30,
    labels: ['Garden'],
    cover: '/covers/garden.svg',
    coverAlt: 'Rows of green seedlings in brown soil',
    weight: 0,
    status: 'scheduled',
    markdown: `A scheduled post: it goes live in a month and is invisible until then.`,
  },
];
