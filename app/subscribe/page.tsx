import type { Metadata } from 'next';
import { Notice } from '@/components/notice';
import { SubscribeForm } from '@/components/subscribe-form';

export const metadata: Metadata = { title: 'Follow by email', robots: { index: false } };

type SubscribePageProps = { searchParams: Promise<{ notice?: string | string[]; problem?: string | string[] }> };

const sentence = (value: string | string[] | undefined) =>
  typeof value === 'string' ? value.slice(0, 300) : undefined;

/** Where the subscribe forms answer: the sentence, and the form again. */
export default async function SubscribePage({ searchParams }: SubscribePageProps) {
  const { notice, problem } = await searchParams;
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-6">
      <h1 className="font-serif text-3xl font-bold">Follow by email</h1>
      <Notice notice={sentence(notice)} problem={sentence(problem)} />
      <SubscribeForm id="subscribe-page" title="Get every new post by email" />
    </main>
  );
}
