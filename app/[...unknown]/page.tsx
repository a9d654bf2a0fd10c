import { notFound } from 'next/navigation';

// Any address no other route claims. Rendering the 404 here, at request time, gives it the live
// site title and description (the built-in 404 page is prerendered at build, without the database).
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

export default function UnknownPage(): never {
  notFound();
}
