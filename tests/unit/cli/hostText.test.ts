// Host-supplied text reaches the terminal with every control character made visible: a hostile host cannot
// clear the screen, move the cursor back over a failure, set the window title or the clipboard, or reorder a
// line with bidi controls.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostText } from '../../../electron/cli/hostText';

describe('hostText', () => {
  it('turns escape sequences, CR, BS, DEL, C1 and bidi controls into visible escapes', () => {
    expect(hostText('ok\x1b[2J\x1b]52;c;cHduZWQ=\x07')).toBe('ok\\x1b[2J\\x1b]52;c;cHduZWQ=\\x07');
    expect(hostText('FAILED\r✓ Verified')).toBe('FAILED\\x0d✓ Verified');
    expect(hostText('a\bb\x7fc\x9bd')).toBe('a\\x08b\\x7fc\\x9bd');
    expect(hostText('key\u202Etxt.exe\u2066')).toBe('key\\u202etxt.exe\\u2066');
  });

  it('keeps ordinary text, tabs, newlines and non-ASCII letters as they are', () => {
    const s = 'key_file=/etc/xrdp/key.pem\tmode 0640\nCN=Servér 日本 ✓';
    expect(hostText(s)).toBe(s);
  });

  it('whatever the input, the output holds no control character but tab and newline (property)', {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        expect(hostText(s)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      }),
      { numRuns: 200 },
    );
  });
});
