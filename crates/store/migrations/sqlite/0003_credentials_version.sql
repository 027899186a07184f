-- Sessions remember the credentials version they were opened with; a password reset or change bumps it,
-- which signs out every other session of that account.
ALTER TABLE users ADD COLUMN credentials_version BIGINT NOT NULL DEFAULT 0;
