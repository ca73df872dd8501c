-- The language of a teller's own window (accounts, privacy area 100–199): chosen by the teller at
-- the desk, kept with the account. NULL: the station's default (English).
ALTER TABLE accounts ADD COLUMN desk_language TEXT CHECK (desk_language IS NULL OR desk_language IN ('en', 'sv', 'lt', 'de'));
