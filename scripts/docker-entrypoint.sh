#!/bin/sh
# Entry point of Carré's Docker image.
#   web (default): apply migrations, then serve with gunicorn on 0.0.0.0:8000.
#   worker: queue again the tasks a dead worker left running, then run the
#           django-tasks-db worker.
#   scheduler: run the periodic jobs (link checks, task clean-up) when due.
#   anything else: run it as given, e.g. `python manage.py shell`.
set -eu

if [ "${1:-web}" = "web" ]; then
    python manage.py migrate --noinput
    # No --access-logfile: access logs would carry visitors' IP addresses.
    exec gunicorn carre.wsgi:application \
        --bind 0.0.0.0:8000 \
        --workers "${CARRE_WEB_WORKERS:-3}" \
        --timeout "${CARRE_WEB_TIMEOUT:-60}" \
        --worker-tmp-dir /dev/shm \
        --no-control-socket
fi

if [ "$1" = "worker" ]; then
    python manage.py requeue_stale_tasks
    exec python manage.py db_worker
fi

if [ "$1" = "scheduler" ]; then
    exec python manage.py run_periodic
fi

exec "$@"
