import { Injectable } from '@nestjs/common';

/** A one-time secret made at start: what it is, and the text to keep (a header, a login). */
export interface StartupSecret {
  label: string;
  value: string;
}

/**
 * What first-start code hands over for the person at the terminal (the generated credentials and
 * console password). main.ts prints it in the start-up banner on stderr: secrets must never reach
 * the JSON log on stdout, where log collectors keep them.
 */
@Injectable()
export class StartupNotes {
  private readonly kept: StartupSecret[] = [];

  addSecret(label: string, value: string): void {
    this.kept.push({ label, value });
  }

  /** The secrets, forgotten here once taken: the banner shows them once and the process keeps none. */
  takeSecrets(): StartupSecret[] {
    return this.kept.splice(0);
  }
}
