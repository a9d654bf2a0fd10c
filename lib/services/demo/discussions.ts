// The demo blog's conversations: enough that a newcomer sees threads, likes, a held comment, a
// report and a moderation history before anyone has written a word.
//
// Three published posts are left without comments on purpose: the browser tests count from zero
// there ("Slow mornings and the first draft", "Keyboard shortcuts worth learning", "Reading list
// for the winter"). The first comments (on "Why we write in public" and "How comments should
// work") are written first and keep their ids 1–8, which the reader tests link to.

/** Demo readers who only comment: no password, so nobody can sign in as them. */
export const demoCommenters = {
  lena: { name: 'Lena Fischer', email: 'lena.fischer@quire.test', bio: 'Gardener, reader, occasional grump.' },
  tomas: { name: 'Tomás Alvarez', email: 'tomas.alvarez@quire.test', bio: 'Builds web forms for a living.' },
  mei: { name: 'Mei Chen', email: 'mei.chen@quire.test', bio: 'Photographs bridges and breakfasts.' },
  olu: { name: 'Olu Adeyemi', email: 'olu.adeyemi@quire.test', bio: 'Walks, maps and the occasional rant.' },
  max: { name: 'Max Turner', email: 'max.turner@quire.test', bio: '' },
  rowan: { name: 'Rowan Pike', email: 'rowan.pike@quire.test', bio: '' },
} as const;

export type Commenter = 'admin' | 'author' | 'moderator' | 'reader' | keyof typeof demoCommenters;

export type DemoComment = {
  /** Refers to this comment from the moderation history below. */
  key?: string;
  by: Commenter;
  hoursAgo: number;
  markdown: string;
  likedBy?: Commenter[];
  replies?: DemoComment[];
};

export type DemoDiscussion = { post: string; comments: DemoComment[] };

export const demoDiscussions: DemoDiscussion[] = [
  {
    post: 'Why we write in public',
    comments: [
      {
        by: 'reader',
        hoursAgo: 30,
        markdown: 'This is exactly why I started my own blog. The replies taught me more than the posts did.',
        replies: [
          { by: 'admin', hoursAgo: 28, markdown: 'Same here. The *"have you tried"* comments are the best part.' },
        ],
      },
      {
        by: 'author',
        hoursAgo: 20,
        markdown: 'One question: do you plan an RSS feed per label? I only follow the **Writing** posts.',
      },
    ],
  },
  {
    post: 'How comments should work',
    comments: [
      {
        by: 'reader',
        hoursAgo: 200,
        markdown:
          'I read blogs in a text browser on my commute, and this is the first comment section I have ever *seen* there.',
        replies: [
          {
            by: 'author',
            hoursAgo: 190,
            markdown: 'Which browser? I want to try that.',
            replies: [
              {
                by: 'reader',
                hoursAgo: 180,
                markdown: 'It is `w3m`. Links and forms all work, which says a lot about the page.',
                replies: [
                  { by: 'moderator', hoursAgo: 170, markdown: 'Noted for the accessibility checklist. Thanks!' },
                ],
              },
            ],
          },
        ],
      },
      {
        by: 'admin',
        hoursAgo: 100,
        markdown: 'Some good ideas in here. Keep them coming:\n\n- threading\n- permalinks\n- no scripts needed',
      },
    ],
  },
  {
    post: 'A field guide to Markdown',
    comments: [
      {
        key: 'restored',
        by: 'olu',
        hoursAgo: 200,
        markdown: 'Tables were the thing I never remembered. Bookmarking this for the pipes alone.',
        likedBy: ['lena', 'mei', 'author'],
        replies: [
          {
            by: 'author',
            hoursAgo: 196,
            markdown: 'The trick that stuck for me: the dashes row only needs three dashes per column, not a ruler.',
            likedBy: ['olu'],
          },
        ],
      },
      {
        key: 'reported',
        by: 'tomas',
        hoursAgo: 150,
        markdown: 'Hot take: Markdown is fine, but real writers use reStructuredText. Fight me.',
        replies: [
          {
            by: 'mei',
            hoursAgo: 149,
            markdown: 'I will not fight you, but I will keep using asterisks.',
            likedBy: ['olu'],
          },
        ],
      },
      {
        by: 'lena',
        hoursAgo: 60,
        markdown: 'Does the editor here keep footnotes? My older posts are full of them.',
        replies: [
          {
            by: 'admin',
            hoursAgo: 58,
            markdown: 'It does: `[^1]` in the text and the note at the end, as in the guide.',
            likedBy: ['lena'],
          },
        ],
      },
    ],
  },
  {
    post: 'Taking photographs for a blog',
    comments: [
      {
        key: 'approved',
        by: 'mei',
        hoursAgo: 480,
        markdown: 'Window light and a white card to fill the shadows: that one tip fixed all my breakfast photos.',
        likedBy: ['olu', 'reader', 'lena'],
        replies: [
          {
            by: 'author',
            hoursAgo: 470,
            markdown: 'A white card is the cheapest lighting kit there is. Do you shoot on a phone?',
            replies: [
              {
                by: 'mei',
                hoursAgo: 465,
                markdown: 'Phone, always. The best camera is the one in your pocket when the toast is still warm.',
                likedBy: ['author'],
              },
            ],
          },
        ],
      },
      {
        by: 'reader',
        hoursAgo: 120,
        markdown: 'How small do you make the images before uploading? Mine come out at 6 MB each.',
        replies: [
          {
            by: 'author',
            hoursAgo: 118,
            markdown: 'Upload them as they are: Quire makes the smaller sizes itself and serves the right one.',
            likedBy: ['reader'],
          },
        ],
      },
      {
        key: 'held',
        by: 'rowan',
        hoursAgo: 5,
        markdown:
          'Great post! I wrote about lenses for beginners too: [my lens guide](https://example.com/lenses) and [part two](https://example.com/lenses-2).',
      },
    ],
  },
  {
    post: 'Notes on a small kitchen garden',
    comments: [
      {
        by: 'lena',
        hoursAgo: 900,
        markdown: 'Chard is unkillable, agreed. Mine survived a week of frost and two cats.',
        likedBy: ['admin', 'olu'],
        replies: [
          { by: 'admin', hoursAgo: 890, markdown: 'Two cats is the harder test. What variety?' },
          {
            by: 'lena',
            hoursAgo: 880,
            markdown: '"Bright Lights". It looks like a bag of sweets and tastes like spinach that tried harder.',
            likedBy: ['admin', 'mei'],
          },
        ],
      },
      {
        by: 'olu',
        hoursAgo: 400,
        markdown: 'Any advice for a balcony that only gets afternoon sun?',
        replies: [
          {
            by: 'lena',
            hoursAgo: 398,
            markdown: 'Herbs and salad leaves will be happy. Tomatoes will sulk.',
            likedBy: ['olu'],
          },
        ],
      },
    ],
  },
  {
    post: 'The case for plain HTML forms',
    comments: [
      {
        by: 'tomas',
        hoursAgo: 1400,
        markdown:
          'I maintain a form library and I agree with every word. Half our bug reports are about things the browser already does.',
        likedBy: ['admin', 'reader', 'olu', 'lena'],
        replies: [
          {
            key: 'removed',
            by: 'max',
            hoursAgo: 300,
            markdown: 'Only someone who has never shipped a real product could write this nonsense.',
          },
          {
            by: 'admin',
            hoursAgo: 1390,
            markdown: 'Which browser feature do people rebuild most often?',
            replies: [
              {
                by: 'tomas',
                hoursAgo: 1385,
                markdown: 'Validation messages, by a mile. `required` and `type="email"` cover most of it.',
                likedBy: ['admin'],
              },
            ],
          },
        ],
      },
      { by: 'reader', hoursAgo: 700, markdown: 'Printed this out for our team meeting. Yes, on paper.' },
    ],
  },
  {
    post: 'Backing up what matters',
    comments: [
      {
        by: 'olu',
        hoursAgo: 2000,
        markdown: 'The "restore once a quarter" advice is the part everyone skips. I learned it the hard way.',
        likedBy: ['admin', 'tomas'],
        replies: [
          {
            by: 'admin',
            hoursAgo: 1990,
            markdown: 'A backup you never restored is a hope, not a backup.',
            likedBy: ['olu', 'tomas', 'reader'],
          },
        ],
      },
      {
        by: 'tomas',
        hoursAgo: 1500,
        markdown: 'For this blog itself: `npm run quire -- backup` makes one file with the database and uploads.',
      },
    ],
  },
  {
    post: 'Walking the old canal path',
    comments: [
      {
        by: 'mei',
        hoursAgo: 2300,
        markdown: 'The lock keeper’s cottage at the third bridge still sells tea on Sundays.',
        likedBy: ['author'],
        replies: [
          {
            by: 'author',
            hoursAgo: 2290,
            markdown: 'I walked past it closed. Next time, Sunday.',
            replies: [{ by: 'olu', hoursAgo: 2280, markdown: 'Bring cash; the card reader is a rumour.' }],
          },
        ],
      },
    ],
  },
  {
    post: 'Hello, world',
    comments: [
      { by: 'reader', hoursAgo: 2800, markdown: 'First! Looking forward to the garden posts.', likedBy: ['admin'] },
      { by: 'lena', hoursAgo: 2790, markdown: 'Welcome to the web. Subscribed.', likedBy: ['admin', 'reader'] },
    ],
  },
];

/**
 * What the moderators did, oldest first: approvals, a removal that was undone, and a removal with a
 * ban that has since run out. `comment` names a comment by its `key` above.
 */
export type DemoModeration =
  | { by: 'moderator' | 'admin'; hoursAgo: number; action: 'approve' | 'restore'; comment: string }
  | { by: 'moderator' | 'admin'; hoursAgo: number; action: 'remove'; comment: string; reason: string }
  | {
      by: 'moderator' | 'admin';
      hoursAgo: number;
      action: 'ban';
      person: Commenter;
      days: number;
      reason: string;
    };

export const demoModeration: DemoModeration[] = [
  { by: 'moderator', hoursAgo: 478, action: 'approve', comment: 'approved' },
  { by: 'moderator', hoursAgo: 290, action: 'remove', comment: 'removed', reason: 'Abuse or harassment' },
  {
    by: 'moderator',
    hoursAgo: 289,
    action: 'ban',
    person: 'max',
    days: 7,
    reason: 'Insulting other readers after a warning.',
  },
  { by: 'moderator', hoursAgo: 190, action: 'remove', comment: 'restored', reason: 'Off-topic' },
  { by: 'admin', hoursAgo: 170, action: 'restore', comment: 'restored' },
];

/** The held comment waits for approval; one reader reported another comment. */
export const demoHeld = { comment: 'held', heldReason: 'first' } as const;
export const demoReport = {
  comment: 'reported',
  by: 'lena',
  reason: 'off-topic',
  details: 'Picking a fight rather than talking about the post.',
} as const;
