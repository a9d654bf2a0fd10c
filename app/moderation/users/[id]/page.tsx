import { notFound } from 'next/navigation';
import { z } from 'zod';
import { noticeParams } from '@/lib/validations/params';
import { Notice } from '@/components/notice';
import { authorHistory } from '@/db/queries/moderation';
import { getUserById } from '@/db/queries/users';
import { requireModerator } from '@/lib/server/access';
import { formatDateTime, plural } from '@/lib/policies/format';
import { isBanned, PERMANENT_BAN_UNTIL } from '@/lib/policies/moderation-policy';
import { banUserAction, unbanUserAction } from '../../actions';

export const dynamic = 'force-dynamic';

type UserPageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const notices = z.object(noticeParams);

/** One commenter, for moderators: their record, and the ban form. */
export default async function ModerationUserPage({ params, searchParams }: UserPageProps) {
  const { id } = await params;
  await requireModerator(`/moderation/users/${id}`);
  const person = /^[A-Za-z0-9-]{1,64}$/.test(id) ? await getUserById({ id }) : null;
  if (!person) notFound();
  const { notice, problem } = notices.parse(await searchParams);
  const history = (await authorHistory([person.id])).get(person.id)!;
  const banned = isBanned(person, new Date());
  const here = `/moderation/users/${person.id}`;
  return (
    <main className="flex max-w-2xl flex-col gap-5">
      <h1 className="font-serif text-3xl font-bold">{person.name ?? person.handle}</h1>
      <Notice notice={notice} problem={problem} />
      <p>
        @{person.handle} · {person.role} · joined {formatDateTime(person.createdAt)} ·{' '}
        {plural(history.comments, 'comment')} · {plural(history.removals, 'removal')} · {plural(history.bans, 'ban')}
      </p>
      {banned ? (
        <section className="flex flex-col gap-3 rounded border border-red-300 p-4" aria-labelledby="ban-heading">
          <h2 id="ban-heading" className="font-semibold">
            Banned{' '}
            {person.bannedUntil! < PERMANENT_BAN_UNTIL ? `until ${formatDateTime(person.bannedUntil!)}` : 'permanently'}
          </h2>
          <p>Reason: {person.banReason || '—'}</p>
          <form action={unbanUserAction}>
            <input type="hidden" name="userId" value={person.id} />
            <input type="hidden" name="returnTo" value={here} />
            <button type="submit" className="button-secondary">
              Lift the ban
            </button>
          </form>
        </section>
      ) : (
        <section
          className="flex flex-col gap-3 rounded border border-[var(--color-line)] p-4"
          aria-labelledby="ban-heading"
        >
          <h2 id="ban-heading" className="font-semibold">
            Ban from commenting
          </h2>
          <form action={banUserAction} className="flex flex-col gap-3">
            <input type="hidden" name="userId" value={person.id} />
            <input type="hidden" name="returnTo" value={here} />
            <fieldset className="flex flex-wrap gap-4">
              <legend className="mb-1">For how long</legend>
              {(
                [
                  ['1d', '1 day'],
                  ['7d', '7 days'],
                  ['30d', '30 days'],
                  ['permanent', 'Permanently'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-center gap-1">
                  <input type="radio" name="duration" value={value} defaultChecked={value === '7d'} /> {label}
                </label>
              ))}
            </fieldset>
            <label className="flex flex-col gap-1">
              Reason (shown to them)
              <input name="reason" required maxLength={500} className="input" />
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="removeComments" /> Also remove all their published and held comments
            </label>
            <div>
              <button type="submit" className="button-danger">
                Ban
              </button>
            </div>
          </form>
        </section>
      )}
    </main>
  );
}
