-- depends: 0014.source-plans
-- get_project and create_base count a project agent's live bases: an index, so the count does
-- not read every base of the database.
create index base_created_by_live on agent.base (created_by) where dropped_at is null;
