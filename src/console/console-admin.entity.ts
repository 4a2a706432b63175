import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** `super` manages console admins; `admin` manages instances and only their own profile. */
export type ConsoleRole = 'super' | 'admin';

/** A person who logs in to the console; sees the instances of one organization. */
@Entity('console_admins')
export class ConsoleAdmin {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ unique: true })
  username: string;

  @Column({ name: 'display_name' })
  displayName: string;

  @Column({ type: 'varchar', nullable: true })
  email: string | null;

  @Column({ type: 'varchar' })
  role: ConsoleRole;

  /** A slow hash (argon2id) of the password; the password itself is never stored. */
  @Column({ name: 'password_hash' })
  passwordHash: string;

  @Column({ name: 'organization_id' })
  organizationId: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
