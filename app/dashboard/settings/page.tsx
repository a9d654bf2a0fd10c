import { MenuForm } from '@/components/menu-form';
import { SettingsForm } from '@/components/settings-form';
import { listLabelsWithPosts } from '@/db/queries/labels';
import { listMenuPageChoices } from '@/db/queries/menu';
import { getMenuItems } from '@/lib/services/menu';
import { getSiteSettings } from '@/db/queries/settings';
import { requireAdmin } from '@/lib/server/access';

export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  await requireAdmin('/dashboard/settings');
  const settings = await getSiteSettings();
  return (
    <main className="flex max-w-3xl flex-col gap-6">
      <h1 className="font-serif text-3xl font-bold">Site settings</h1>
      <SettingsForm settings={settings} />
      <section aria-labelledby="menu-heading" className="flex flex-col gap-4">
        <h2 id="menu-heading" className="font-serif text-2xl font-bold">
          Header menu
        </h2>
        <MenuForm
          items={await getMenuItems()}
          pages={await listMenuPageChoices()}
          labels={(await listLabelsWithPosts()).map(({ name, slug }) => ({ name, slug }))}
        />
      </section>
    </main>
  );
}
