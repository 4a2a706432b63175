import { Injectable } from '@nestjs/common';

/** Who an Element token belongs to, all `User …, Element …` credentials need to know of it. */
export interface ElementTokenOwner {
  /** SHA-256 of the Element token, as stored. */
  tokenHash: string;
  userId: number;
}

export type ElementTokenOwnerLookup = (tokenHash: string) => Promise<ElementTokenOwner | null>;

/**
 * Finds the owner of an Element token for the credentials check. instances/ owns the tokens and
 * provides the lookup (auth/ may not import it), reading the database every time: a cached hit
 * would answer a known token faster than an unknown one, and so time which part was right.
 */
@Injectable()
export class ElementTokenOwners {
  private lookup: ElementTokenOwnerLookup = () => Promise.resolve(null);

  provide(lookup: ElementTokenOwnerLookup): void {
    this.lookup = lookup;
  }

  find(tokenHash: string): Promise<ElementTokenOwner | null> {
    return this.lookup(tokenHash);
  }
}
