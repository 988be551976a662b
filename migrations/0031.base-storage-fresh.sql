-- depends: 0030.session-wall
-- agent._base_storage(uuid) gained a FRESH argument (get_project may use a list of files two
-- seconds old); the old signature goes, the file re-creates the function.
drop function if exists agent._base_storage(uuid);
