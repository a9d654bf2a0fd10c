// CSV as RFC 4180 has it (comma-separated, CRLF line ends, fields quoted when they hold a comma, a
// quote or a line break, quotes doubled), for files opened in spreadsheets.

/**
 * One field. A value starting with = + - @ (or a tab or carriage return) would be run as a formula by
 * Excel, LibreOffice and Google Sheets, and an address is typed by strangers: such values get a
 * leading ' so the spreadsheet shows them as text.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole file: a header row, then the rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** The subscribers export: address, when they subscribed (ISO 8601, UTC) and whether it came from an account. */
export function subscribersCsv(rows: readonly { email: string; confirmedAt: Date; userId: string | null }[]): string {
  return toCsv(
    ['email', 'subscribed_at', 'account'],
    rows.map((row) => [row.email, row.confirmedAt.toISOString(), row.userId ? 'yes' : 'no']),
  );
}
