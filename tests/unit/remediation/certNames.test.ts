/**
 * The names a new xrdp certificate keeps: the probed name or address plus the old certificate's CN and SANs,
 * each as a SAN of its kind; host data outside the safe set (what openssl would read as structure) is left
 * out and said so; never a CN of the typed IP alone.
 */
import { describe, expect, it } from 'vitest';
import { certNamesFor, cnOfSubject, oldSanValues, sanEntry } from '../../../shared/fixPhases/certNames';

describe('certNamesFor', () => {
  it('an expired certificate for rdp.example.com probed by address keeps the name (no CN=<IP> alone)', () => {
    const n = certNamesFor('10.0.0.5:3389', 'CN = rdp.example.com', 'DNS:rdp.example.com,DNS:rdp');
    expect(n.sans).toEqual(['IP:10.0.0.5', 'DNS:rdp.example.com', 'DNS:rdp']);
    expect(n.cn).toBe('rdp.example.com');
    expect(n.san).toBe('IP:10.0.0.5,DNS:rdp.example.com,DNS:rdp');
    expect(n.rejected).toEqual([]);
  });

  it('probed by name: DNS SAN first, the old addresses kept as IP SANs, duplicates once', () => {
    const n = certNamesFor(
      'srv.example.com',
      'C = DE, O = "Acme, Inc.", CN = SRV.example.com',
      'DNS:srv.example.com,IPAddress:192.0.2.7,IPAddress:0:0:0:0:0:0:0:1',
    );
    expect(n.sans).toEqual(['DNS:srv.example.com', 'IP:192.0.2.7', 'IP:0:0:0:0:0:0:0:1']);
    expect(n.cn).toBe('srv.example.com');
  });

  it('an IPv6 target becomes an IP SAN; nothing old known: only the probed name', () => {
    expect(certNamesFor('[fd00::5]:3389', null, null)).toEqual({
      cn: 'fd00::5',
      sans: ['IP:fd00::5'],
      san: 'IP:fd00::5',
      rejected: [],
    });
  });

  it('hostile names from the host are left out with a clear reason, never reach openssl', () => {
    const n = certNamesFor(
      'h.example.com',
      'CN = evil/CN=x',
      'DNS:ok.example.com,DNS:a;rm -rf /,DNS:b$(id),email:root@h,URI:http://x',
    );
    expect(n.sans).toEqual(['DNS:h.example.com', 'DNS:ok.example.com']);
    expect(n.rejected.join('\n')).toContain('"evil/CN=x"');
    expect(n.san).toMatch(/^[A-Za-z0-9.:,*-]+$/);
    expect(n.rejected.join('\n')).toContain('"a;rm -rf /" (the old certificate\'s DNS: not a host name or IP address)');
    expect(n.rejected.join('\n')).toContain('"b$(id)"');
    expect(n.rejected.join('\n')).toContain('email:root@h');
  });

  it('a comma inside a quoted CN cannot add a SAN entry', () => {
    const n = certNamesFor('h.example.com', 'CN = "a.example.com,IP:6.6.6.6"', null);
    expect(n.sans).toEqual(['DNS:h.example.com']);
    expect(n.rejected).toHaveLength(1);
  });

  it('a certificate listing hundreds of names: capped', () => {
    const many = Array.from({ length: 100 }, (_, i) => `DNS:n${i}.example.com`).join(',');
    const n = certNamesFor('h.example.com', null, many);
    expect(n.sans).toHaveLength(32);
    expect(n.rejected.length).toBe(69);
  });

  it('a target that is not a name or address is refused', () => {
    expect(() => certNamesFor('bad host', null, null)).toThrow(/host/);
  });
});

describe('pieces', () => {
  it('sanEntry: IP vs DNS, wildcards, trailing dot, refusals', () => {
    expect(sanEntry('192.0.2.1')).toBe('IP:192.0.2.1');
    expect(sanEntry('::1')).toBe('IP:::1');
    expect(sanEntry('*.example.com')).toBe('DNS:*.example.com');
    expect(sanEntry('host.example.com.')).toBe('DNS:host.example.com');
    for (const bad of ['', 'a b', 'a,b', 'a/b', 'x=y', '-lead', 'a..b', `${'a'.repeat(64)}.com`])
      expect(sanEntry(bad), bad).toBeNull();
  });
  it('cnOfSubject: oneline and RFC 2253 forms', () => {
    expect(cnOfSubject('CN = localhost')).toBe('localhost');
    expect(cnOfSubject('CN=rdp.example.com,O=Acme')).toBe('rdp.example.com');
    expect(cnOfSubject('C = DE, O = x')).toBeNull();
    expect(cnOfSubject(null)).toBeNull();
  });
  it('oldSanValues: the inspection form (spaces removed)', () => {
    expect(oldSanValues('DNS:a,IPAddress:1.2.3.4')).toEqual([
      { kind: 'DNS', value: 'a' },
      { kind: 'IPAddress', value: '1.2.3.4' },
    ]);
  });
});
