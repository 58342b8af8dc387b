-- A token minted by another token (#12): the parent is recorded so that revoking a token revokes
-- everything minted from it, and a token whose ancestor is revoked or expired authenticates nothing.
-- NULL: minted at a session by a person. Tokens from before this migration have no recorded parent.
ALTER TABLE access.api_token ADD COLUMN parent_token_id uuid REFERENCES access.api_token (id);
CREATE INDEX api_token_parent_idx ON access.api_token (parent_token_id) WHERE parent_token_id IS NOT NULL;
