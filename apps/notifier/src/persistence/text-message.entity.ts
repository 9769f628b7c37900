import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One approved text and what became of it. The row exists (state
 * `sending`) before the provider is called: that is what makes a replayed
 * request a no-op and a crash mid-send visible.
 */
export type TextMessageState = 'sending' | 'sent' | 'failed' | 'unknown' | 'parked' | 'dry_run';

@Entity({ name: 'text_message' })
export class TextMessageEntity {
  @PrimaryColumn({ name: 'request_id', type: 'text' })
  requestId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'call_id', type: 'text' })
  callId!: string;

  /** The recipient; cleared when retention or an erasure request says so. */
  @Column({ name: 'to_e164', type: 'text', nullable: true })
  toE164!: string | null;

  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Column({ type: 'text' })
  sender!: string;

  /** The provider the text went (or is going) through: the secondary after a failover. */
  @Column({ type: 'text' })
  provider!: string;

  /** The provider the request named (the tenant's primary). */
  @Column({ name: 'requested_provider', type: 'text', nullable: true })
  requestedProvider!: string | null;

  @Column({ type: 'text' })
  state!: TextMessageState;

  @Column({ name: 'delivery_status', type: 'text', nullable: true })
  deliveryStatus!: string | null;

  @Column({ name: 'provider_message_id', type: 'text', nullable: true })
  providerMessageId!: string | null;

  @Column({ name: 'failure', type: 'text', nullable: true })
  failure!: string | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ type: 'text' })
  encoding!: string;

  @Column({ type: 'int' })
  segments!: number;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** Why the record is in its state, for operators (e.g. "reconciled with provider"). */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'delivery_updated_at', type: 'timestamptz', nullable: true })
  deliveryUpdatedAt!: Date | null;

  /** When retention or an erasure request cleared the number and the body. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @Column({ name: 'call_ended_at', type: 'timestamptz' })
  callEndedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
