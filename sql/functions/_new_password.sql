create or replace function agent._new_password()
returns text
language sql
volatile
set search_path = ''
as $$
    -- 244 random bits from two v4 UUIDs (gen_random_uuid uses the server's strong RNG).
    select pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
        pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, 'UTF8')), 'hex')
$$;

comment on function agent._new_password() is
$md$A fresh random password for a login role dbagent creates (returned once, never stored).

Private helper.$md$;

alter function agent._new_password() owner to dbagent_owner;
revoke all on function agent._new_password() from public;
