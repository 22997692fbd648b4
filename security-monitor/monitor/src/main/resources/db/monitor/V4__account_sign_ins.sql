-- Each account's latest successful sign-in, for the built-in rule "sign-in to a long-unused account"
-- (StaleAccounts). Changed in the same transaction as the stream positions, so a restart neither
-- forgets a sign-in nor counts one twice.
CREATE TABLE account_last_sign_in (
    username text        PRIMARY KEY,
    last_at  timestamptz NOT NULL
);
