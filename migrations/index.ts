import { Foundation1763830000000 } from './1763830000000-Foundation';

/** Every migration, in order; a new migration adds its class here. */
export const MIGRATIONS = [Foundation1763830000000];
