"""gunicorn's settings for Kring, read from the working directory (`gunicorn` needs no flags).

gunicorn rather than granian: `bench/servers` found no clear winner on real pages (granian
1.00x gunicorn's requests on the quiet machine, faster on cached pages, slower on rendered
ones, 20 MB more per worker); see docs/architecture.md. A deployment changes
any setting here without editing the file, through GUNICORN_CMD_ARGS, for example
GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 4".
"""

wsgi_app = "kring.config.wsgi:application"
bind = ["127.0.0.1:8000"]
# Two synchronous workers fit the two-core machine a small community runs on; add workers
# (about two per core) before reaching for threads.
workers = 2
# Import Kring once in the master and fork the workers from it: they start at once and share
# the memory of the imported code.
preload_app = True
# Errors and start-up lines to the terminal; no access log unless asked for (--access-logfile -).
errorlog = "-"
# A stopped server finishes the requests in flight, but not for longer than this.
graceful_timeout = 10
# No runtime control socket (gunicornc): nothing to manage at run time, nothing left in $HOME.
control_socket_disable = True
