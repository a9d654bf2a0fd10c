import { AuthorListing, authorMetadata } from '@/components/author-listing';

export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type AuthorPageProps = { params: Promise<{ handle: string }> };

export async function generateMetadata({ params }: AuthorPageProps) {
  return authorMetadata(await params);
}

export default async function AuthorPage({ params }: AuthorPageProps) {
  return <AuthorListing params={await params} />;
}
