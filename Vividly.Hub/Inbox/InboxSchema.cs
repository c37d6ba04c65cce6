namespace Vividly.Hub.Inbox;

/// <summary>
/// The schema, as numbered steps both engines run unchanged. A store applies the steps above
/// the version it finds, so an older database is migrated at start.
/// </summary>
public static class InboxSchema
{
    public static IReadOnlyList<string> Steps { get; } =
    [
        """
        CREATE TABLE inbox_users (
            user_id TEXT PRIMARY KEY,
            last_seq BIGINT NOT NULL
        );
        CREATE TABLE notifications (
            user_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            title TEXT NOT NULL,
            message TEXT NOT NULL,
            priority TEXT NOT NULL,
            payload TEXT NULL,
            created_at BIGINT NOT NULL,
            read_at BIGINT NULL,
            PRIMARY KEY (user_id, seq)
        );
        CREATE INDEX ix_notifications_unread ON notifications (user_id, seq) WHERE read_at IS NULL;
        CREATE INDEX ix_notifications_created ON notifications (created_at);
        CREATE TABLE publish_keys (
            user_id TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (user_id, idempotency_key)
        );
        CREATE INDEX ix_publish_keys_created ON publish_keys (created_at);
        """,
        // Every seq at or below removed_through was cleared or expired: a resume from below it is told so.
        "ALTER TABLE inbox_users ADD COLUMN removed_through BIGINT NOT NULL DEFAULT 0;",
        // What the user does to an item besides reading it, and the request it belongs to, so a
        // whole request can be read or archived at once. Rows stored before this step have no
        // request id; the store fills it from their payload at start.
        """
        ALTER TABLE notifications ADD COLUMN archived_at BIGINT NULL;
        ALTER TABLE notifications ADD COLUMN snoozed_until BIGINT NULL;
        ALTER TABLE notifications ADD COLUMN seen_at BIGINT NULL;
        ALTER TABLE notifications ADD COLUMN content_request_id TEXT NULL;
        CREATE INDEX ix_notifications_request ON notifications (user_id, content_request_id) WHERE content_request_id IS NOT NULL;
        CREATE INDEX ix_notifications_snoozed ON notifications (snoozed_until) WHERE snoozed_until IS NOT NULL;
        """,
        // Each user's notification preferences, as the JSON document PUT /api/v1/preferences takes.
        """
        CREATE TABLE preferences (
            user_id TEXT PRIMARY KEY,
            document TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        """,
        // One row per background job: the instance holding it runs it until expires_at.
        """
        CREATE TABLE job_leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_at BIGINT NOT NULL
        );
        """,
        // Web Push: one row per browser subscription (its endpoint), owned by the user who last
        // subscribed it, with how sending to it has gone so dead ones can be told apart.
        """
        CREATE TABLE push_subscriptions (
            endpoint TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            p256dh TEXT NOT NULL,
            auth TEXT NOT NULL,
            user_agent TEXT NULL,
            expiration_time BIGINT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            last_success_at BIGINT NULL,
            last_failure_at BIGINT NULL,
            failure_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX ix_push_subscriptions_user ON push_subscriptions (user_id);
        """,
        // Where each user's email goes (from their token's email claim or set by a publisher), and
        // the provider's events taken by their id, so a replayed webhook changes nothing.
        """
        CREATE TABLE user_emails (
            user_id TEXT PRIMARY KEY,
            email TEXT NOT NULL,
            source TEXT NOT NULL,
            updated_at BIGINT NOT NULL,
            suppressed_at BIGINT NULL,
            suppressed_reason TEXT NULL
        );
        CREATE INDEX ix_user_emails_email ON user_emails (email);
        CREATE TABLE email_events (
            event_id TEXT PRIMARY KEY,
            delivery_id TEXT NULL,
            kind TEXT NOT NULL,
            received_at BIGINT NOT NULL
        );
        """,
        // Email and push routing. A publish stores one outbox row per new notification in its own
        // transaction; a dispatcher claims it (lease_until), decides each channel and records a
        // deliveries row per channel, whose status, attempts and due_at carry sending across restarts.
        """
        CREATE TABLE outbox (
            notification_id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            lease_holder TEXT NULL,
            lease_until BIGINT NOT NULL DEFAULT 0
        );
        CREATE INDEX ix_outbox_created ON outbox (created_at);
        CREATE TABLE deliveries (
            id TEXT PRIMARY KEY,
            notification_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            type TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NULL,
            last_error TEXT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            due_at BIGINT NULL,
            lease_holder TEXT NULL,
            lease_until BIGINT NULL,
            provider_message_id TEXT NULL,
            created_at BIGINT NOT NULL,
            sent_at BIGINT NULL,
            delivered_at BIGINT NULL,
            opened_at BIGINT NULL,
            clicked_at BIGINT NULL,
            bounced_at BIGINT NULL,
            spamreport_at BIGINT NULL,
            unsubscribed_at BIGINT NULL,
            updated_at BIGINT NOT NULL,
            UNIQUE (notification_id, channel)
        );
        CREATE INDEX ix_deliveries_due ON deliveries (status, due_at);
        CREATE INDEX ix_deliveries_created ON deliveries (created_at);
        """,
    ];
}
