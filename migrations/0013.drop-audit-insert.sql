-- depends: 0012.stage-schema-owner
-- The audit row of a successful call is inserted by a prepared statement now; the old helper
-- goes. The executors changed signature (lock timeout and claims): agent._create_executors
-- drops the old ones when install re-creates them.
drop function if exists agent._audit_insert(jsonb);
