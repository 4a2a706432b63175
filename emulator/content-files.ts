import { createReadStream, createWriteStream, mkdtempSync, rmSync, type ReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';

/** Thrown when a stream passes the size it may have; the caller turns it into Webex's error. */
export class FileTooLarge extends Error {}

/**
 * Message files on disk, in one temporary folder per store, so a 100 MB upload costs the
 * emulator (often in the same process as the hub under test) no memory.
 */
export class ContentFiles {
  private folder: string | undefined;

  /** Writes a stream to a new file; `FileTooLarge` (and no file) past `maxBytes`. */
  async write(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, maxBytes: number): Promise<{ path: string; size: number }> {
    this.folder ??= mkdtempSync(join(tmpdir(), 'webex-emulator-'));
    const path = join(this.folder, randomUUID());
    let size = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(size > maxBytes ? new FileTooLarge() : null, chunk);
      },
    });
    try {
      await pipeline(source, cap, createWriteStream(path));
    } catch (error) {
      rmSync(path, { force: true });
      throw error;
    }
    return { path, size };
  }

  read(path: string): ReadStream {
    return createReadStream(path);
  }

  remove(path: string): void {
    rmSync(path, { force: true });
  }

  /** Deletes every file (on reset and close). */
  dispose(): void {
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
    this.folder = undefined;
  }
}
