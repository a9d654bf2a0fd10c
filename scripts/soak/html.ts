// Just enough HTML reading for the soak test: the hidden fields of the forms a browser without
// JavaScript would post (Next writes a server action's id and bound arguments into them).

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match ? decodeEntities(match[1] ?? match[2] ?? '') : null;
}

export type HtmlForm = {
  action: string | null;
  /** How a browser encodes it: `multipart/form-data` (server actions' forms) or, by default, urlencoded. */
  enctype: string | null;
  fields: [name: string, value: string][];
  html: string;
};

/** Every <form> in a page with its hidden inputs, in document order. */
export function readForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)) {
    const formHtml = match[0];
    const openTag = /^<form\b[^>]*>/i.exec(formHtml)![0];
    const fields: [string, string][] = [];
    for (const input of formHtml.matchAll(/<input\b[^>]*>/gi)) {
      const type = attribute(input[0], 'type');
      const name = attribute(input[0], 'name');
      if (name !== null && (type === null || type.toLowerCase() === 'hidden')) {
        fields.push([name, attribute(input[0], 'value') ?? '']);
      }
    }
    forms.push({
      action: attribute(openTag, 'action'),
      enctype: attribute(openTag, 'enctype'),
      fields,
      html: formHtml,
    });
  }
  return forms;
}

/** The first form holding a hidden field with this name (and value, when given). */
export function findForm(html: string, name: string, value?: string): HtmlForm | undefined {
  return readForms(html).find((form) =>
    form.fields.some(([field, fieldValue]) => field === name && (value === undefined || fieldValue === value)),
  );
}
