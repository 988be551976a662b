-- The PL/Python tools return {"error": {sqlstate, message, detail, hint, ...}} instead of
-- raising: PL/Python would prefix the message with its exception class ("plpy.Error: ...").
-- This raises it as a clean PostgreSQL error.
create or replace function agent._result(r jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
    _e jsonb := r -> 'error';
    _msg text;
    _code text;
    _detail text;
    _hint text;
begin
    if _e is null then
        return r;
    end if;
    _msg := coalesce(_e ->> 'message', 'error');
    _code := coalesce(_e ->> 'sqlstate', 'XX000');
    _detail := nullif(_e ->> 'detail', '');
    _hint := nullif(_e ->> 'hint', '');
    -- RAISE takes no NULL options, and an empty DETAIL/HINT would still be shown.
    if _detail is not null and _hint is not null then
        raise exception using message = _msg, errcode = _code, detail = _detail, hint = _hint,
            schema = coalesce(_e ->> 'schema_name', ''), table = coalesce(_e ->> 'table_name', ''),
            column = coalesce(_e ->> 'column_name', ''), constraint = coalesce(_e ->> 'constraint_name', ''),
            datatype = coalesce(_e ->> 'datatype_name', '');
    elsif _detail is not null then
        raise exception using message = _msg, errcode = _code, detail = _detail,
            schema = coalesce(_e ->> 'schema_name', ''), table = coalesce(_e ->> 'table_name', ''),
            column = coalesce(_e ->> 'column_name', ''), constraint = coalesce(_e ->> 'constraint_name', ''),
            datatype = coalesce(_e ->> 'datatype_name', '');
    elsif _hint is not null then
        raise exception using message = _msg, errcode = _code, hint = _hint,
            schema = coalesce(_e ->> 'schema_name', ''), table = coalesce(_e ->> 'table_name', ''),
            column = coalesce(_e ->> 'column_name', ''), constraint = coalesce(_e ->> 'constraint_name', ''),
            datatype = coalesce(_e ->> 'datatype_name', '');
    else
        raise exception using message = _msg, errcode = _code,
            schema = coalesce(_e ->> 'schema_name', ''), table = coalesce(_e ->> 'table_name', ''),
            column = coalesce(_e ->> 'column_name', ''), constraint = coalesce(_e ->> 'constraint_name', ''),
            datatype = coalesce(_e ->> 'datatype_name', '');
    end if;
end;
$$;

comment on function agent._result(jsonb) is
$md$Return a tool's result, or raise the error it carries as a PostgreSQL error.

Private helper of the PL/Python tools.$md$;

alter function agent._result(jsonb) owner to dbagent_owner;
revoke all on function agent._result(jsonb) from public;
