import { LabelListing, labelMetadata } from '@/components/label-listing';

export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type LabelPageProps = { params: Promise<{ label: string; page: string }> };

export async function generateMetadata({ params }: LabelPageProps) {
  return labelMetadata(await params);
}

export default async function LabelPage({ params }: LabelPageProps) {
  return <LabelListing params={await params} />;
}
