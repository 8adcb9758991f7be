"""Background work on facts: the CSV import of deployments."""

from django.tasks import task

from facts import imports


@task
def run_import(import_pk: int) -> str:
    """Import a confirmed CSV file, all or nothing (facts.imports.run_import).

    Safe to run twice: an import done is left alone, and a run killed midway
    committed nothing, so the next run starts over.
    """
    return imports.run_import(import_pk)
