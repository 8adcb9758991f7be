"""Many people save the same section at the same moment: nobody's text is lost."""

import threading

import pytest
from django.db import connection

from carre.revisions import EditConflict
from dossiers import services
from dossiers.models import Dossier, Section, SectionDraft
from tests.dossiers.conftest import make_dossier
from tests.factories import make_user

PARAGRAPHS = 12
CLASHING = 4  # extra editors who all rewrite the first paragraph


@pytest.mark.django_db(transaction=True)
def test_save_section_concurrent_saves_lose_no_text():
    author = make_user("auteur")
    base_text = "\n\n".join(f"Paragraphe {i}." for i in range(PARAGRAPHS))
    dossier = make_dossier(author, sections=[("Chiffres", base_text)])
    section = dossier.sections.get()
    base = section.current_revision

    # Editor i rewrites paragraph i (no overlap); the clashing editors all
    # rewrite paragraph 0, like editor 0 (overlap).
    jobs = [
        (make_user(f"edit{i}"), i, f"Paragraphe {i}, revu par edit{i}.")
        for i in range(1, PARAGRAPHS)
    ]
    jobs += [
        (make_user(f"clash{k}"), 0, f"Paragraphe 0, réécrit par clash{k}.")
        for k in range(CLASHING)
    ]
    submitted = {}
    for user, index, new_line in jobs:
        lines = base_text.split("\n\n")
        lines[index] = new_line
        submitted[user.pk] = ("\n\n".join(lines), new_line)

    barrier = threading.Barrier(len(jobs))
    results, errors = {}, []

    def save(user):
        try:
            barrier.wait(timeout=10)
            fresh = Section.objects.select_related("dossier").get(pk=section.pk)
            results[user.pk] = services.save_section(
                fresh,
                editor=user,
                title="Chiffres",
                text=submitted[user.pk][0],
                base_revision=base,
            )
        except Exception as error:  # reported below, with the thread's user
            errors.append((user.username, error))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user,)) for user, _, _ in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(results) == len(jobs)
    section.refresh_from_db()
    revisions = list(section.revisions.order_by("number"))
    # One revision per successful save, numbered without gap or duplicate.
    saved = [r for r in results.values() if not r.conflict]
    assert [r.number for r in revisions] == list(range(1, len(saved) + 2))
    assert section.version == len(saved) + 1
    for user_pk, result in results.items():
        text, new_line = submitted[user_pk]
        if result.conflict:
            draft = SectionDraft.objects.get(pk=result.draft.pk)
            assert (draft.kind, draft.user_id, draft.text) == (
                "conflict",
                user_pk,
                text,
            )
        else:
            # Its edit is in the current text: no later save overwrote it.
            assert new_line in section.text
    # Every non-overlapping editor got in; of the clashing ones, exactly one.
    outcomes = {user.username: results[user.pk].outcome for user, _, _ in jobs}
    assert all(
        outcomes[f"edit{i}"] in ("saved", "merged") for i in range(1, PARAGRAPHS)
    )
    assert sum(outcomes[f"clash{k}"] != "conflict" for k in range(CLASHING)) == 1
    assert SectionDraft.objects.filter(kind="conflict").count() == CLASHING - 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_adds_and_moves_do_not_deadlock():
    author = make_user("auteur")
    dossier = make_dossier(author, sections=[(f"S{i}", f"texte {i}") for i in range(4)])
    sections = list(dossier.sections.order_by("position"))
    barrier = threading.Barrier(12)
    errors = []

    def work(n):
        try:
            barrier.wait(timeout=10)
            section = Section.objects.select_related("dossier").get(
                pk=sections[n % 4].pk
            )
            if n % 3 == 0:
                services.move_section(section, editor=author, direction="up")
            elif n % 3 == 1:
                services.save_section(
                    section,
                    editor=author,
                    title=section.title,
                    text=f"version {n}",
                    base_revision=section.current_revision,
                )
            else:
                services.add_section(section.dossier, editor=author, title=f"Ajout {n}")
        except Exception as error:  # reported below
            errors.append((n, error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    positions = list(dossier.sections.values_list("position", flat=True))
    assert len(positions) == len(set(positions)) == 8
    assert len(set(dossier.sections.values_list("anchor", flat=True))) == 8


def _race_description_edits(edits: dict[str, dict]) -> tuple[dict, list]:
    """Each user saves their description at the same moment, all from the
    same base version; returns what became of each save."""
    author = make_user("auteur")
    dossier = make_dossier(author, summary="Caméras.\n\nLogiciel Savari.")
    base = dossier.version
    users = {username: make_user(username) for username in edits}
    barrier = threading.Barrier(len(edits))
    outcomes, errors = {}, []

    def save(username):
        description = {
            "title": "Reims",
            "kind": "city",
            "status": "published",
            "summary": "Caméras.\n\nLogiciel Savari.",
            **edits[username],
        }
        try:
            barrier.wait(timeout=10)
            services.update_dossier(
                Dossier.objects.get(pk=dossier.pk),
                editor=users[username],
                base_version=base,
                **description,
            )
            outcomes[username] = "saved"
        except EditConflict as conflict:
            outcomes[username] = conflict
        except Exception as error:  # reported below, with the thread's user
            errors.append((username, error))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in edits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return Dossier.objects.get(pk=dossier.pk), outcomes


@pytest.mark.django_db(transaction=True)
def test_update_dossier_concurrent_disjoint_edits_both_get_in():
    dossier, outcomes = _race_description_edits(
        {
            "renomme": {"title": "Reims (Marne)"},
            "complete": {"summary": "Caméras.\n\nLogiciel Savari (Thales)."},
        }
    )
    assert outcomes == {"renomme": "saved", "complete": "saved"}
    assert dossier.title == "Reims (Marne)"
    assert dossier.summary == "Caméras.\n\nLogiciel Savari (Thales)."
    # One revision per save, numbered without gap or duplicate.
    numbers = dossier.revisions.order_by("number").values_list("number", flat=True)
    assert list(numbers) == [1, 2, 3]
    assert dossier.version == 3


@pytest.mark.django_db(transaction=True)
def test_update_dossier_concurrent_overlapping_edits_one_wins_one_is_kept():
    edits = {
        "premier": {"summary": "225 caméras.\n\nLogiciel Savari."},
        "second": {"summary": "245 caméras.\n\nLogiciel Savari."},
    }
    dossier, outcomes = _race_description_edits(edits)
    (winner,) = [name for name, outcome in outcomes.items() if outcome == "saved"]
    (loser,) = set(edits) - {winner}
    conflict = outcomes[loser].conflict
    # The winner's text stands; the loser gets both versions back, nothing lost.
    assert dossier.summary == edits[winner]["summary"]
    assert conflict.theirs["summary"] == edits[winner]["summary"]
    assert conflict.mine["summary"] == edits[loser]["summary"]
    assert conflict.current_number == dossier.version == 2
    assert dossier.revisions.count() == 2
