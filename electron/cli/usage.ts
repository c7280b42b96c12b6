/** Bad usage or bad input: the CLI prints the message and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FINDING_ERROR = 1;
export const EXIT_USAGE = 2;
