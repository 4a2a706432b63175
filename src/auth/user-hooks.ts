import { Injectable } from '@nestjs/common';
import { User } from './user.entity';

export type UserDeletingListener = (user: User) => Promise<void>;

/**
 * Lets other features act before a user is deleted without the auth feature knowing them
 * (instances: each of the user's instances is deleted through the instances service, so its
 * webhooks are removed and its deletion announced). Unlike instance listeners, a failure here
 * propagates: the user is then not deleted, and deleting again finishes the work.
 */
@Injectable()
export class UserHooks {
  private readonly deletingListeners: UserDeletingListener[] = [];

  onDeleting(listener: UserDeletingListener): void {
    this.deletingListeners.push(listener);
  }

  async deleting(user: User): Promise<void> {
    for (const listener of this.deletingListeners) await listener(user);
  }
}
