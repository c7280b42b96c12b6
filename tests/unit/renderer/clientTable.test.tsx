// @vitest-environment jsdom
// The "Which clients will connect" table on its own: one row per verdict, the word and the reason, nothing when the
// probe has no table (an unreachable host).
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientTable } from '../../../renderer/app/screens/findings/ClientTable';
import type { ClientVerdict } from '../../../shared/clientProfiles';

afterEach(cleanup);

const rows: ClientVerdict[] = [
  {
    profile: 'win7',
    label: 'mstsc on Windows 7 SP1',
    willConnect: 'no',
    why: 'needs the update KB3080079: TLS 1.0 refused',
  },
  {
    profile: 'win11',
    label: 'mstsc on Windows 11 / Server 2022–2025',
    willConnect: 'yes',
    why: 'TLS 1.3, e.g. TLS_AES_256_GCM_SHA384',
  },
  { profile: 'macos', label: 'Windows App (macOS)', willConnect: 'unknown', why: 'not documented' },
];

describe('ClientTable', () => {
  it('shows each client with its verdict and reason, under a heading', () => {
    render(<ClientTable rows={rows} />);
    const table = screen.getByRole('table');
    expect(screen.getByRole('heading', { name: 'Which clients will connect' })).toBeTruthy();
    const body = within(table).getAllByRole('row').slice(1);
    expect(body.map((r) => r.textContent)).toEqual([
      'mstsc on Windows 7 SP1Noneeds the update KB3080079: TLS 1.0 refused',
      'mstsc on Windows 11 / Server 2022–2025YesTLS 1.3, e.g. TLS_AES_256_GCM_SHA384',
      'Windows App (macOS)Unknownnot documented',
    ]);
    expect(within(table).getByRole('rowheader', { name: 'mstsc on Windows 7 SP1' })).toBeTruthy();
  });
  it('renders nothing without rows', () => {
    const { container } = render(<ClientTable rows={undefined} />);
    expect(container.innerHTML).toBe('');
    render(<ClientTable rows={[]} />);
    expect(screen.queryByRole('table')).toBeNull();
  });
});
