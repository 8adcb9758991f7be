"""A PostgreSQL backend that starts the embedded server on first connection.

Starting lazily keeps commands that never touch the database (makemessages,
collectstatic) from booting PostgreSQL, and lets the socket directory be known
only once the server runs.
"""

from pathlib import Path

from django.db.backends.postgresql import base

from carre import embedded_db


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["host"] = embedded_db.socket_dir(Path(self.settings_dict["DATA_DIR"]))
        return params
