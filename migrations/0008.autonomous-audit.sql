-- depends: 0007.as-user-role
-- A call that ends in an error (a denial, a failed statement) rolls back everything it
-- wrote, its audit row included. Those rows are written over a loopback connection
-- instead (dblink), so the audit keeps every call. dblink lives in a schema no one else
-- may use; where it is not available, the row goes to the server log.
do $$
begin
    if exists (select from pg_catalog.pg_available_extensions where name = 'dblink') then
        create schema if not exists agent_dblink;
        revoke all on schema agent_dblink from public;
        create extension if not exists dblink with schema agent_dblink;
    end if;
end
$$;
