import { describe, expect, it } from 'vitest';
import { buildProgram, commandNamed } from '../../../electron/cli/index';

describe('which command an argument list names (only that one is loaded)', () => {
  it.each([
    [['--version'], null],
    [['-v'], null],
    [[], '*'],
    [['--help'], '*'],
    [['help', 'probe'], '*'],
    [['probe', '10.0.0.5', '--json'], 'probe'],
    [['scan', '--targets', '-'], 'scan'],
    [['inspect', 'h'], 'inspect'],
    [['undo', 'h'], 'undo'],
    [['frobnicate'], '*'],
    [['constructor'], '*'],
  ])('%j → %s', (argv, name) => {
    expect(commandNamed(argv)).toBe(name);
  });

  it('registers only the named command, or all of them', async () => {
    expect((await buildProgram(['decode', '0x904'])).commands.map((c) => c.name())).toEqual(['decode']);
    expect((await buildProgram(['fix', 'h'])).commands.map((c) => c.name())).toEqual(['inspect', 'fix', 'undo']);
    expect((await buildProgram(['--version'])).commands).toEqual([]);
    expect((await buildProgram()).commands.map((c) => c.name())).toEqual([
      'probe',
      'scan',
      'decode',
      'web',
      'inspect',
      'fix',
      'undo',
    ]);
  });
});
