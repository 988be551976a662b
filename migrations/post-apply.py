"""yoyo post-apply hook: re-apply dbagent's server code (sql/**/*.sql and the plpy modules).

yoyo runs this only when migrations were pending, so `dbagent install` also calls
``backend.run_post_apply(migrations)`` itself: the functions are re-applied on every install.
"""

from yoyo import step

from dbagent.install import reapply_server_code

steps = [step(reapply_server_code)]
