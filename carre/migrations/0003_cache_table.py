"""The table of Django's database cache, used when CARRE_REDIS_URL is not set.

Created here, always, so `migrate` is the only step (no `createcachetable`)
and switching from Redis back to the database needs nothing else. The same
columns as `createcachetable` creates.
"""

from django.db import migrations

from carre.cache import DATABASE_CACHE_TABLE


class Migration(migrations.Migration):
    dependencies = [("carre", "0002_form_submission")]

    operations = [
        migrations.RunSQL(
            f"""
            CREATE TABLE IF NOT EXISTS {DATABASE_CACHE_TABLE} (
                cache_key varchar(255) NOT NULL PRIMARY KEY,
                value text NOT NULL,
                expires timestamp with time zone NOT NULL
            );
            CREATE INDEX IF NOT EXISTS {DATABASE_CACHE_TABLE}_expires
                ON {DATABASE_CACHE_TABLE} (expires);
            """,
            reverse_sql=f"DROP TABLE IF EXISTS {DATABASE_CACHE_TABLE};",
        )
    ]
