import { format } from 'node:util';

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** What the clients print (the SDK's logger writes to `console[level]`), kept as lines and not shown. */
export class SdkLog {
  readonly lines: string[] = [];
  private readonly spies = METHODS.map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      this.lines.push(format(...args));
    }),
  );

  text(): string {
    return this.lines.join('\n');
  }

  restore(): void {
    for (const spy of this.spies) spy.mockRestore();
  }
}
