alter schema agent_stage owner to dbagent_loader;
