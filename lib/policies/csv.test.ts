import { describe, expect, it } from 'vitest';
import { csvField, subscribersCsv, toCsv } from './csv';

describe('csvField', () => {
  it('leaves plain values alone', () => {
    expect(csvField('ann@quire.test')).toBe('ann@quire.test');
    expect(csvField('')).toBe('');
  });

  it('quotes values with commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"@quire.test')).toBe('"say ""hi""@quire.test"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('prefixes a quote to values a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil.test")')).toBe(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(csvField('+1@quire.test')).toBe("'+1@quire.test");
    expect(csvField('-2+3@quire.test')).toBe("'-2+3@quire.test");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    // Only at the start: an address has an @ in the middle.
    expect(csvField('a=b@quire.test')).toBe('a=b@quire.test');
  });
});

describe('toCsv and subscribersCsv', () => {
  it('writes a header and one CRLF-ended line per row', () => {
    expect(toCsv(['a', 'b'], [['1', 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('gives each subscriber’s address, ISO date and whether an account subscribed', () => {
    const csv = subscribersCsv([
      { email: 'ann@quire.test', confirmedAt: new Date('2026-12-01T10:00:00Z'), userId: 'u1' },
      { email: '=cmd@quire.test', confirmedAt: new Date('2026-12-02T08:30:00Z'), userId: null },
    ]);
    expect(csv).toBe(
      'email,subscribed_at,account\r\n' +
        'ann@quire.test,2026-12-01T10:00:00.000Z,yes\r\n' +
        "'=cmd@quire.test,2026-12-02T08:30:00.000Z,no\r\n",
    );
  });
});
