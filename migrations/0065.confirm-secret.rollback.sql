delete from agent.setting where key = 'confirm_secret';
