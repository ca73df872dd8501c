-- The master key as the configuration names it (an alias such as alias/bank-a, a key id or an ARN),
-- beside key_id (what the provider answered, for KMS always the key ARN). A change of configured
-- key is detected by comparing references, so an alias never looks like "a different key".
ALTER TABLE tenant_keys ADD COLUMN key_ref TEXT;
