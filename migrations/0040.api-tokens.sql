-- depends: 0018.python-bytecode
-- Bearer tokens of `dbagent serve`: a token acts as one agent role over HTTP, so an agent gets a
-- token instead of a database login. Only the token's SHA-256 is kept (a token is 244 random
-- bits, so a fast hash is enough); the role's OID pins the token to the role it was made for:
-- a role dropped and created again under the same name is another role, and the token is dead.
create table agent.api_token (
    token_id    uuid primary key default gen_random_uuid(),
    sha256      bytea not null unique check (length(sha256) = 32),  -- of the token's text
    role_name   text not null,
    role_oid    oid not null,
    label       text check (length(label) <= 200),
    created_at  timestamptz not null default now(),
    created_by  text not null,
    expires_at  timestamptz,
    revoked_at  timestamptz,
    revoked_by  text
);
create index api_token_role on agent.api_token (role_name);
alter table agent.api_token owner to dbagent_owner;
-- Like every table of dbagent's: row level security, with the one policy for its owner.
alter table agent.api_token enable row level security;
alter table agent.api_token force row level security;
create policy dbagent_owner_all on agent.api_token to dbagent_owner using (true) with check (true);
