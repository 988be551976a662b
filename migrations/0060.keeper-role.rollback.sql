-- The role is cluster-wide and may serve other databases: only this database's grants go.
revoke select on agent.base, agent.base_access from dbagent_keeper;
revoke usage on schema agent from dbagent_keeper;
