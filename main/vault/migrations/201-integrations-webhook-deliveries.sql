-- Webhook deliveries (integrations): the delivery log a supervisor sees and the outbox that survives
-- a restart while a branch is offline. The body (which carries the signer's name) is a vault record
-- of kind 'webhook-body', removed as soon as the delivery is finished; the row keeps no personal data.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  signing_request_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  url TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'expired', 'no-secret')),
  created_at TEXT NOT NULL,
  next_attempt_at TEXT,
  attempts TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX webhook_deliveries_by_status ON webhook_deliveries (status, next_attempt_at);
