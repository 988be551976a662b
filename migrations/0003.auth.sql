-- depends: 0002.registry
-- auth.uid(), auth.role(), auth.jwt() read the request.jwt.claims setting (PostgREST's
-- convention; request.jwt.claim.sub is the older spelling). Where the database already has
-- them (a Supabase database), they are used as they are. dbagent never creates user or
-- session tables: those belong to the platform's auth system.
do $$
begin
    if not exists (select from pg_catalog.pg_namespace where nspname = 'auth') then
        create schema auth authorization dbagent_owner;
    end if;
    if not exists (
        select from pg_catalog.pg_proc
        where pronamespace = 'auth'::regnamespace and proname = 'uid' and pronargs = 0
    ) then
        create function auth.uid() returns uuid
        language sql stable
        set search_path = ''
        as $f$
            select coalesce(
                nullif(pg_catalog.current_setting('request.jwt.claim.sub', true), ''),
                nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
            )::uuid
        $f$;
        comment on function auth.uid() is 'The end user''s id: the sub claim of the request''s JWT, or NULL.';
    end if;
    if not exists (
        select from pg_catalog.pg_proc
        where pronamespace = 'auth'::regnamespace and proname = 'role' and pronargs = 0
    ) then
        create function auth.role() returns text
        language sql stable
        set search_path = ''
        as $f$
            select coalesce(
                nullif(pg_catalog.current_setting('request.jwt.claim.role', true), ''),
                nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
            )
        $f$;
        comment on function auth.role() is 'The end user''s role: the role claim of the request''s JWT, or NULL.';
    end if;
    if not exists (
        select from pg_catalog.pg_proc
        where pronamespace = 'auth'::regnamespace and proname = 'jwt' and pronargs = 0
    ) then
        create function auth.jwt() returns jsonb
        language sql stable
        set search_path = ''
        as $f$
            select coalesce(
                nullif(pg_catalog.current_setting('request.jwt.claims', true), ''),
                nullif(pg_catalog.current_setting('request.jwt.claim', true), '')
            )::jsonb
        $f$;
        comment on function auth.jwt() is 'The claims of the request''s JWT as jsonb, or NULL.';
    end if;
end
$$;

grant usage on schema auth to anon, authenticated;
