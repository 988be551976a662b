-- depends: 0064.migration-rules
-- The key of execute_sql's confirmation tokens (an HMAC over the SQL, the base and its schema
-- state). agent.setting is readable by dbagent's owner role only; agents never see it.
insert into agent.setting (key, value)
values ('confirm_secret', pg_catalog.to_jsonb(pg_catalog.replace(
            gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', '')))
on conflict (key) do nothing;
