-- depends: 0010.csv-sources
-- auth.uid(), auth.role(), auth.jwt() as dbagent creates them, without a SET clause so the
-- planner can inline them (a function with SET is called per row: 2 us a row in a default),
-- every name qualified, so no search path can redirect them. Only the functions dbagent
-- created itself (recognised by their comment) are replaced; a platform's own stay.
do $$
begin
    if exists (select from pg_catalog.pg_proc p where p.oid = 'auth.uid()'::regprocedure
               and obj_description(p.oid, 'pg_proc') = 'The end user''s id: the sub claim of the request''s JWT, or NULL.') then
        create or replace function auth.uid() returns pg_catalog.uuid
        language sql stable
        as $f$
            select coalesce(
                nullif(pg_catalog.current_setting('request.jwt.claim.sub', true), ''),
                nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::pg_catalog.jsonb
                    operator(pg_catalog.->>) 'sub'
            )::pg_catalog.uuid
        $f$;
        alter function auth.uid() reset all;
    end if;
    if exists (select from pg_catalog.pg_proc p where p.oid = 'auth.role()'::regprocedure
               and obj_description(p.oid, 'pg_proc') = 'The end user''s role: the role claim of the request''s JWT, or NULL.') then
        create or replace function auth.role() returns pg_catalog.text
        language sql stable
        as $f$
            select coalesce(
                nullif(pg_catalog.current_setting('request.jwt.claim.role', true), ''),
                nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::pg_catalog.jsonb
                    operator(pg_catalog.->>) 'role'
            )
        $f$;
        alter function auth.role() reset all;
    end if;
    if exists (select from pg_catalog.pg_proc p where p.oid = 'auth.jwt()'::regprocedure
               and obj_description(p.oid, 'pg_proc') = 'The claims of the request''s JWT as jsonb, or NULL.') then
        create or replace function auth.jwt() returns pg_catalog.jsonb
        language sql stable
        as $f$
            select coalesce(
                nullif(pg_catalog.current_setting('request.jwt.claims', true), ''),
                nullif(pg_catalog.current_setting('request.jwt.claim', true), '')
            )::pg_catalog.jsonb
        $f$;
        alter function auth.jwt() reset all;
    end if;
end
$$;
