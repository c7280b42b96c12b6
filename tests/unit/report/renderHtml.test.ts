import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/buildReport';
import { escapeHtml } from '../../../electron/report/htmlEscape';
import { renderHtml } from '../../../electron/report/renderHtml';
import { expiredFinding, HOSTILE, hostileResult, THUMBPRINT, windowsResult, xrdpResult } from './fixtures';

/** The elements the template itself writes; anything else in the output came from data. */
const OUR_TAGS = new Set(
  'html head meta title style body header h1 h2 h3 p dl dt dd section article span ul li code table thead tbody tr th td br div footer pre ol details summary'.split(
    ' ',
  ),
);
const tagsOf = (html: string) => [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase());

function unescapeHtml(s: string): string {
  return s.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, n: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[n]!,
  );
}

describe('renderHtml', () => {
  it('shows the verdict, the findings, the steps with their facts and the thumbprint', () => {
    const html = renderHtml(buildReport(windowsResult(), { codes: '0x904 0x7' }));
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('No blocking problem; 1 warning.');
    expect(html).toContain(escapeHtml(expiredFinding.title));
    expect(html).toContain('data-finding="tls-cert-expired"');
    expect(html).toContain('Regenerate the self-signed Remote Desktop certificate');
    expect(html).toContain(THUMBPRINT);
    expect(html).toContain('<td>CORP\\alice</td>');
    expect(html).toContain('Codes the user saw');
    expect(html).toContain('0x904');
    expect(html).toContain('No fixes were applied in this session.');
    for (const label of ['Target &amp; DNS', 'TCP connection', 'Server certificate', 'Credential check (NLA)']) {
      expect(html).toContain(label);
    }
  });

  it('is self-contained: no script, no external reference, a CSP that forbids loading anything', () => {
    const html = renderHtml(buildReport(windowsResult()));
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|\ssrc=|\shref=|url\(|@import/i);
    expect(html).toMatch(/http-equiv="Content-Security-Policy" content="default-src 'none'/);
    expect(new Set(tagsOf(html)).size).toBeGreaterThan(5);
    for (const tag of tagsOf(html)) expect(OUR_TAGS.has(tag), tag).toBe(true);
  });

  it('prints: a print stylesheet keeps findings whole', () => {
    const html = renderHtml(buildReport(xrdpResult()));
    expect(html).toContain('@media print');
    expect(html).toContain('break-inside: avoid');
    expect(html).toContain('No problem found.');
  });

  it('escapes hostile server strings everywhere they appear', () => {
    const html = renderHtml(buildReport(hostileResult()));
    for (const tag of tagsOf(html)) expect(OUR_TAGS.has(tag), tag).toBe(true);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(escapeHtml(HOSTILE));
  });

  it('property: escapeHtml round-trips and leaves no character that ends text or an attribute', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        const out = escapeHtml(s);
        return !/[<>"']/.test(out) && !/&(?!amp;|lt;|gt;|quot;|#39;)/.test(out) && unescapeHtml(out) === s;
      }),
    );
  });

  it('property: any string in any server-controlled field adds no element to the page', () => {
    const base = windowsResult();
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const r = structuredClone(base);
        r.findings[0]!.title = a;
        r.findings[0]!.detail = b;
        r.tls!.certificate!.subject = a;
        r.credssp!.ntlm!.dnsComputer = b;
        r.steps.tcp.summary = `${a}${b}`;
        const html = renderHtml(buildReport(r));
        return tagsOf(html).every((t) => OUR_TAGS.has(t)) && html.includes(escapeHtml(a));
      }),
      { numRuns: 200 },
    );
  });
});
