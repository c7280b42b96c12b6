import { describe, expect, it } from 'vitest';
import { dataDir } from '../../../electron/core/dataDir';

describe('dataDir', () => {
  it('honours RDP_DOCTOR_DATA_DIR first', () => {
    expect(dataDir({ RDP_DOCTOR_DATA_DIR: '/tmp/x' }, 'win32')).toBe('/tmp/x');
  });
  it('uses %APPDATA% on Windows', () => {
    expect(dataDir({ APPDATA: 'C:\\Users\\t\\AppData\\Roaming' }, 'win32')).toBe(
      'C:\\Users\\t\\AppData\\Roaming\\RDP Doctor',
    );
  });
  it('uses XDG_CONFIG_HOME on Linux', () => {
    expect(dataDir({ XDG_CONFIG_HOME: '/home/t/.cfg' }, 'linux')).toBe('/home/t/.cfg/rdp-doctor');
  });
});
