"""The CSV import of deployments (facts/imports.py, /facts/import/)."""

import csv
import datetime
import io
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from carre import demo
from dossiers.models import Dossier
from facts import imports
from facts import services as fact_services
from facts.exchange import COLUMNS
from facts.models import Actor, Deployment, DeploymentImport
from forum.models import ModerationLog
from sources.models import Citation, Source
from tests.facts.conftest import make_dossier
from tests.races import held_insert

HEADER = "City;Technology;Status;Vendor;Start Date;Link 1\n"


@pytest.fixture(autouse=True)
def english():
    """The services' messages in English (the pages answer in French)."""
    with translation.override("en"):
        yield


def _upload(user, text, *, encoding="utf-8"):
    return imports.upload_import(
        by=user, file_name="atlas.csv", data=text.encode(encoding)
    )


def _plan(user, text, *, encoding="utf-8", mapping=None):
    data = text.encode(encoding) if isinstance(text, str) else text
    csv_file = imports.read_csv(data)
    return imports.plan_import(
        data, mapping or imports.guess_mapping(csv_file.headers), user=user
    )


def _import(user, text, **kwargs):
    upload = _upload(user, text, **kwargs)
    plan = imports.plan_import(bytes(upload.data), upload.mapping, user=user)
    return imports.import_deployments(upload, by=user, digest=plan.digest)


def _reasons(plan):
    return {line.number: " ".join(line.reasons) for line in plan.lines}


# --- the round trip ---------------------------------------------------------------


def _deployment_rows():
    """What a reader sees of every deployment: its place, values and sources."""
    rows = set()
    for deployment in Deployment.objects.filter(removed=False).select_related(
        "dossier", "vendor"
    ):
        cited = tuple(
            (c.source.url, c.locator)
            for c in Citation.objects.filter(
                content_type__model="deployment", object_id=deployment.pk
            )
            .select_related("source")
            .order_by("position")
        )
        rows.add(
            (
                deployment.dossier.slug,
                deployment.technology,
                deployment.status,
                deployment.name,
                deployment.vendor.name if deployment.vendor else "",
                deployment.start_date,
                deployment.start_precision if deployment.start_date else "",
                deployment.end_date,
                deployment.end_precision if deployment.end_date else "",
                deployment.quantity,
                deployment.cost,
                deployment.description,
                cited,
            )
        )
    return rows


def test_export_then_import_gives_the_same_deployments_and_sources(
    client, moderator, django_capture_on_commit_callbacks
):
    demo.load()
    exported = client.get("/facts/deployments.csv").content
    before = _deployment_rows()
    assert len(before) >= 3
    cited = Source.objects.filter(
        pk__in=Citation.objects.filter(content_type__model="deployment").values(
            "source"
        )
    )
    cited_urls = set(cited.values_list("url", flat=True))
    Deployment.objects.all().delete()
    Citation.objects.filter(content_type__model="deployment").delete()
    # The sources cited only by deployments go too: the import recreates them.
    Source.objects.filter(url__in=cited_urls).exclude(
        pk__in=Citation.objects.values("source")
    ).delete()
    sources_left = Source.objects.count()

    upload = imports.upload_import(by=moderator, file_name="export.csv", data=exported)
    plan = imports.plan_import(bytes(upload.data), upload.mapping, user=moderator)
    assert (plan.refused, plan.matched) == (0, 0), _reasons(plan)
    with django_capture_on_commit_callbacks() as callbacks:
        result = imports.import_deployments(upload, by=moderator, digest=plan.digest)

    assert _deployment_rows() == before
    assert result.created == len(before)
    assert result.dossiers == 0
    recreated = Source.objects.count() - sources_left
    assert result.sources == recreated
    assert (
        set(
            Source.objects.filter(
                pk__in=Citation.objects.filter(content_type__model="deployment").values(
                    "source"
                )
            ).values_list("url", flat=True)
        )
        == cited_urls
    )
    assert callbacks  # the new sources are fetched once committed
    # Imported again: every line is matched, nothing created.
    again = _plan(moderator, exported.decode())
    assert (again.created, again.refused) == (0, 0)
    assert again.matched == len(before)


def test_import_creates_place_vendor_sources_and_logs(
    moderator, django_capture_on_commit_callbacks
):
    text = (
        HEADER + "Épernay;Vidéoprotection;déployé;Thales;février 2020;"
        "https://www.lunion.fr/epernay-cameras?utm_source=x\n"
        "Épernay;drones;planned;;2021;\n"
    )
    with django_capture_on_commit_callbacks() as callbacks:
        result = _import(moderator, text)
    assert (result.created, result.dossiers, result.vendors, result.sources) == (
        2,
        1,
        1,
        1,
    )
    cameras = Deployment.objects.get(technology="video_surveillance")
    assert cameras.dossier.title == "Épernay"
    assert cameras.dossier.status == "published"
    assert cameras.vendor.name == "Thales"
    assert cameras.vendor.actor_kind == Actor.Kind.VENDOR
    assert (cameras.start_date, cameras.start_precision) == (
        datetime.date(2020, 2, 1),
        "month",
    )
    assert cameras.revisions.count() == 1
    source = Source.objects.get()
    assert source.url == "https://www.lunion.fr/epernay-cameras"
    assert source.fetch_status == Source.FetchStatus.PENDING
    assert len(callbacks) == 1
    entry = ModerationLog.objects.get()
    assert (entry.moderator, entry.action) == (moderator, "import")
    assert "atlas.csv" in entry.details
    assert "2" in entry.details


def test_import_matches_existing_place_vendor_and_source(moderator, contributor):
    dossier = make_dossier(contributor, title="Reims", place="Reims")
    thales = fact_services.add_actor(
        dossier=dossier, by=contributor, name="Thales", kind="vendor"
    )
    fact_services.add_deployment(
        dossier=dossier,
        by=contributor,
        technology="algorithmic_video",
        status="experimented",
        vendor=thales,
        start_date=datetime.date(2020, 1, 1),
        start_precision="year",
    )
    Source.objects.create(key="lunion", url="https://www.lunion.fr/a")
    plan = _plan(
        moderator,
        HEADER + "REIMS;VSA;experimente;THALES;2020;https://www.lunion.fr/a\n"
        "reims;lapi;deployed;thales;;https://www.lunion.fr/a\n",
    )
    first, second = plan.lines
    assert first.outcome == "matched"
    assert "Already there" in first.reasons[0]
    assert second.outcome == "created"
    assert second.dossier_pk == dossier.pk
    assert second.values["vendor_pk"] == thales.pk
    assert (plan.places, plan.vendors, plan.new_sources) == ({}, {}, [])


# --- bad input ----------------------------------------------------------------------


def test_latin1_semicolon_file_is_read_and_says_so(moderator):
    text = (
        HEADER + "Châlons-en-Champagne;Vidéosurveillance;Déployé;;1er février 2020;\n"
    )
    plan = _plan(moderator, text, encoding="cp1252")
    assert plan.csv.encoding_name == "Windows-1252 (Latin-1)"
    assert plan.csv.delimiter == ";"
    [line] = plan.lines
    assert line.outcome == "created", line.reasons
    assert line.place == "Châlons-en-Champagne"
    assert line.values["start_date"] == datetime.date(2020, 2, 1)


def test_utf8_bom_comma_file_is_read_and_says_so(moderator):
    text = "\ufeffCity,TECH ABV,Status\nReims,anpr,deployed\n"
    plan = _plan(moderator, text)
    assert plan.csv.encoding_name == "UTF-8 with BOM"
    assert plan.csv.delimiter == ","
    assert plan.csv.headers[0] == "City"
    assert [line.outcome for line in plan.lines] == ["created"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-02-01", (datetime.date(2020, 2, 1), "day")),
        ("01/02/2020", (datetime.date(2020, 2, 1), "day")),
        ("1er février 2020", (datetime.date(2020, 2, 1), "day")),
        ("14 juillet 2021", (datetime.date(2021, 7, 14), "day")),
        ("février 2020", (datetime.date(2020, 2, 1), "month")),
        ("Fevrier 2020", (datetime.date(2020, 2, 1), "month")),
        ("02/2020", (datetime.date(2020, 2, 1), "month")),
        ("2020", (datetime.date(2020, 1, 1), "year")),
        ("", (None, "day")),
    ],
)
def test_parse_date_reads_french_formats(text, expected):
    assert imports.parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2020", "brumaire 2020", "demain", "2020-13"])
def test_parse_date_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        imports.parse_date(text)


def test_missing_required_columns_are_named(moderator):
    upload = _upload(moderator, "Ville;Fournisseur\nReims;Thales\n")
    assert imports.missing_fields(upload.mapping) == ["Technology", "Status"]
    with pytest.raises(ValidationError) as refusal:
        imports.set_import_mapping(upload, by=moderator, mapping={"place": "Ville"})
    assert "Technology, Status" in str(refusal.value)


def test_unknown_technology_and_status_are_refused_with_reasons(moderator):
    plan = _plan(
        moderator,
        HEADER + "Reims;Télépathie;déployé;;;\n"
        "Reims;drones;peut-être;;;\n"
        "Reims;Drones;Interdit;;13/13/2020;\n",
    )
    reasons = _reasons(plan)
    assert "Unknown technology “Télépathie”" in reasons[2]
    assert "Unknown status “peut-être”" in reasons[3]
    assert "is not a date" in reasons[4]
    assert plan.refused == 3


def test_duplicate_rows_are_refused_naming_the_first(moderator):
    plan = _plan(
        moderator,
        HEADER + "Reims;anpr;deployed;Thales;2020;\n"
        "Reims;drones;deployed;;;\n"
        "reims;ANPR;Déployé;thales;2020;\n",
    )
    assert [line.outcome for line in plan.lines] == ["created", "created", "refused"]
    assert "line 2" in plan.lines[2].reasons[0]


def test_a_refused_line_imports_nothing(moderator):
    upload = _upload(
        moderator, HEADER + "Reims;anpr;deployed;;;\nReims;?;deployed;;;\n"
    )
    plan = imports.plan_import(bytes(upload.data), upload.mapping, user=moderator)
    with pytest.raises(ValidationError):
        imports.import_deployments(upload, by=moderator, digest=plan.digest)
    assert not Deployment.objects.exists()
    assert not ModerationLog.objects.exists()


def test_import_refuses_when_the_data_changed_since_the_preview(moderator, contributor):
    dossier = make_dossier(contributor, title="Reims", place="Reims")
    upload = _upload(moderator, HEADER + "Reims;anpr;deployed;;;\n")
    plan = imports.plan_import(bytes(upload.data), upload.mapping, user=moderator)
    fact_services.add_deployment(
        dossier=dossier, by=contributor, technology="anpr", status="deployed"
    )
    with pytest.raises(imports.ImportChanged):
        imports.import_deployments(upload, by=moderator, digest=plan.digest)
    assert Deployment.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (
            b"<!DOCTYPE html><html><body><table><tr><td>a</td></tr></table>",
            "web page",
        ),
        (b"", "empty"),
        (HEADER.encode() + b'Reims;"' + b"x" * 200_000 + b'";x\n', "Line 2 cannot"),
        (b"just one line of prose without separators\n", "not a CSV table"),
    ],
)
def test_what_is_not_csv_is_refused_with_a_message(moderator, data, message):
    with pytest.raises(imports.ImportRefused) as refusal:
        imports.upload_import(by=moderator, file_name="x.csv", data=data)
    assert message in str(refusal.value)
    assert not DeploymentImport.objects.exists()


def test_more_lines_than_allowed_is_refused_with_the_limit(moderator, settings):
    settings.CARRE_IMPORT_MAX_LINES = 3
    text = HEADER + "Reims;anpr;deployed;;;\n" * 4
    with pytest.raises(imports.ImportRefused) as refusal:
        _plan(moderator, text)
    assert "more than 3 lines" in str(refusal.value)
    with pytest.raises(imports.ImportRefused) as refusal:
        _upload(moderator, text)
    assert "more than 3 lines" in str(refusal.value)
    assert _upload(moderator, HEADER + "Reims;anpr;deployed;;;\n" * 3)


def test_fifty_thousand_lines_are_previewed_and_imported_by_the_worker(
    client, moderator, contributor, django_capture_on_commit_callbacks
):
    """The figures in docs/imports.md come from this test (printed with -s);
    it asserts what the moderator gets, not how long it took."""
    make_dossier(contributor, title="Reims", place="Reims")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["City", "Technology", "Status", "Name", "Start Date", "Link 1"])
    for number in range(50_000):
        writer.writerow(
            [
                "Reims" if number % 2 else f"Ville {number % 500}",
                "drones",
                "déployé",
                f"Drone {number}",
                "1er février 2020",
                f"https://example.org/{number % 1000}",
            ]
        )
    upload = imports.upload_import(
        by=moderator, file_name="big.csv", data=out.getvalue().encode()
    )
    client.force_login(moderator)
    started = time.perf_counter()
    response = client.get(f"/facts/import/{upload.token}/preview/")
    elapsed = time.perf_counter() - started
    print(f"\n50,000-line preview page: {elapsed:.1f} s")
    plan = response.context["plan"]
    assert (plan.created, plan.refused) == (50_000, 0)
    assert len(plan.places) == 250
    assert len(plan.new_sources) == 1000
    # The confirmation only queues the import: the request answers at once,
    # the worker's task does the work.
    with django_capture_on_commit_callbacks() as enqueued:
        started = time.perf_counter()
        response = client.post(
            f"/facts/import/{upload.token}/preview/", {"digest": plan.digest}
        )
        confirmed = time.perf_counter() - started
    assert response.status_code == 302
    assert Deployment.objects.count() == 0  # the request only queued it
    with django_capture_on_commit_callbacks() as fetches:
        started = time.perf_counter()
        enqueued[0]()
        worked = time.perf_counter() - started
    print(f"confirmation request: {confirmed * 1000:.0f} ms; task: {worked:.1f} s")
    upload.refresh_from_db()
    assert upload.status == DeploymentImport.Status.IMPORTED, upload.error
    assert Deployment.objects.count() == 50_000
    assert len(fetches) == 1  # one callback enqueues the 1 000 fetches


def test_numbers_in_french_formats(moderator):
    plan = _plan(
        moderator,
        "City;TECH ABV;Status;Cost (EUR);Quantity\n"
        "Reims;video_surveillance;deployed;210 000 €;245\n"
        "Reims;anpr;deployed;60 000,50;deux\n",
    )
    first, second = plan.lines
    assert first.values["cost"] == Decimal("210000.00")
    assert first.values["quantity"] == 245
    assert "“deux” is not a whole number" in second.reasons[0]


def test_only_moderators_import(contributor):
    with pytest.raises(PermissionDenied):
        _upload(contributor, HEADER)


def test_old_unfinished_imports_expire(moderator):
    old = _upload(moderator, HEADER)
    DeploymentImport.objects.filter(pk=old.pk).update(
        created_at=old.created_at - datetime.timedelta(days=2)
    )
    _upload(moderator, HEADER)
    assert not DeploymentImport.objects.filter(pk=old.pk).exists()
    assert DeploymentImport.objects.count() == 1


# --- the pages ----------------------------------------------------------------------


def test_upload_mapping_preview_import_through_the_pages(
    client, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    text = "Commune;Techno;État;Début\nÉpernay;drones;planned;2021\n"
    response = client.post(
        "/facts/import/",
        {"file": SimpleUploadedFile("mine.csv", text.encode("cp1252"))},
    )
    assert response.status_code == 302
    mapping_url = response["Location"]
    page = client.get(mapping_url).content.decode()
    assert 'value="Commune" selected' in page  # "Commune" is a known name
    response = client.post(mapping_url, {"place": "Commune", "technology": "Techno"})
    assert response.status_code == 400
    assert "Statut" in response.content.decode()
    response = client.post(
        mapping_url,
        {
            "place": "Commune",
            "technology": "Techno",
            "status": "État",
            "start_date": "Début",
        },
    )
    preview_url = response["Location"]
    page = client.get(preview_url)
    assert "1 déploiement à créer" in page.content.decode()
    # The worker imports (the test settings run tasks at once, on commit).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(preview_url, {"digest": page.context["plan"].digest})
    status_url = f"{preview_url.removesuffix('preview/')}status/"
    assert response["Location"] == status_url
    assert Deployment.objects.get().dossier.title == "Épernay"
    assert client.get(preview_url)["Location"] == status_url
    assert "a été importé" in client.get(status_url).content.decode()
    log = client.get("/forum/moderation/log/").content.decode()
    assert "a importé des déploiements" in log
    assert "mine.csv" in log


def test_pages_answer_bad_files_with_400_and_a_message(client, moderator):
    client.force_login(moderator)
    response = client.post(
        "/facts/import/", {"file": SimpleUploadedFile("x.csv", b"\x00\x01\x02")}
    )
    assert response.status_code == 400
    assert "données binaires" in response.content.decode()
    response = client.post("/facts/import/", {})
    assert response.status_code == 400


def test_another_moderators_import_is_not_found(client, moderator, admin_user):
    upload = _upload(moderator, HEADER)
    client.force_login(admin_user)
    assert client.get(f"/facts/import/{upload.token}/").status_code == 404


def test_export_columns_are_all_mapped_without_asking():
    mapping = imports.guess_mapping(COLUMNS)
    unmapped = {name for name, column in mapping.items() if not column}
    assert unmapped == set()


@pytest.mark.parametrize(
    ("technology", "status", "expected"),
    [
        ("Vidéosurveillance", "Déployée", ("video_surveillance", "deployed")),
        ("video surveillance", "DEPLOYED", ("video_surveillance", "deployed")),
        ("Face Recognition", "Expérimenté", ("facial_recognition", "experimented")),
        ("Lecture automatisée de plaques", "", ("", "")),
        ("LAPI", "interdit", ("anpr", "banned")),
        ("algorithmic_video", "abandoned", ("algorithmic_video", "abandoned")),
    ],
)
def test_technologies_and_statuses_by_code_or_label(
    moderator, technology, status, expected
):
    plan = _plan(moderator, f"City;Technology;Status\nReims;{technology};{status}\n")
    [line] = plan.lines
    assert (line.technology, line.status) == expected


# --- the import in the worker (facts.tasks.run_import) -----------------------------

EPERNAY = (
    HEADER + "Épernay;Vidéoprotection;déployé;Thales;février 2020;"
    "https://www.lunion.fr/epernay-cameras\n"
    "Épernay;drones;planned;;2021;\n"
)


def _confirm(user, text, on_commit, *, execute=True):
    """Upload, preview, confirm: the worker's task is enqueued once committed
    (the test settings' backend then runs it at once). Returns the row and
    what the import enqueues on its own commit (the sources' fetches, not
    run: no network in tests)."""
    upload = _upload(user, text)
    plan = imports.plan_import(bytes(upload.data), upload.mapping, user=user)
    with on_commit() as enqueued:
        imports.queue_import(upload, by=user, digest=plan.digest)
    assert len(enqueued) == 1
    fetches = []
    if execute:
        with on_commit() as fetches:
            enqueued[0]()
    upload.refresh_from_db()
    return upload, fetches


def test_the_worker_imports_like_the_request_did(
    moderator, django_capture_on_commit_callbacks
):
    upload, fetches = _confirm(moderator, EPERNAY, django_capture_on_commit_callbacks)
    assert upload.status == DeploymentImport.Status.IMPORTED
    # (kept in the moderator's language, French by default)
    assert upload.summary.startswith("2 déploiements créés")
    assert upload.started_at <= upload.finished_at
    direct = {
        (d.dossier.title, d.technology, d.status, d.vendor and d.vendor.name)
        for d in Deployment.objects.select_related("dossier", "vendor")
    }
    assert direct == {
        ("Épernay", "video_surveillance", "deployed", "Thales"),
        ("Épernay", "drones", "planned", None),
    }
    assert Source.objects.get().fetch_status == Source.FetchStatus.PENDING
    assert len(fetches) == 1  # fetched by the worker once the import committed
    entry = ModerationLog.objects.get()
    assert (entry.moderator, entry.action) == (moderator, "import")
    assert "atlas.csv" in entry.details
    # Imported once: the task run again (a duplicate enqueue) changes nothing.
    from facts.tasks import run_import

    assert run_import.call(upload.pk) == "skipped"
    assert Deployment.objects.count() == 2
    assert ModerationLog.objects.count() == 1


def test_a_failure_inside_the_task_rolls_everything_back_and_says_why(
    client, moderator, django_capture_on_commit_callbacks
):
    from django.db import connection

    # A real database refusal in the middle of the import, once the dossier,
    # the vendor and the source are written: the drones line cannot be stored.
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE facts_deployment ADD CONSTRAINT test_no_drones "
            "CHECK (technology <> 'drones')"
        )
    upload, fetches = _confirm(moderator, EPERNAY, django_capture_on_commit_callbacks)
    assert upload.status == DeploymentImport.Status.FAILED
    assert fetches == []
    assert "rien n\u2019a été importé" in upload.error
    assert not Deployment.objects.exists()
    assert not Actor.objects.exists()
    assert not Source.objects.exists()
    assert not ModerationLog.objects.exists()
    from dossiers.models import Dossier

    assert not Dossier.objects.filter(title="Épernay").exists()
    client.force_login(moderator)
    page = client.get(f"/facts/import/{upload.token}/status/").content.decode()
    assert "n\u2019a pas été importé" in page
    assert "rien n\u2019a été importé" in page
    assert "every 2s" not in page  # finished: no more polling


def test_data_changed_before_the_worker_ran_fails_then_can_be_confirmed_again(
    client, moderator, contributor, django_capture_on_commit_callbacks
):
    dossier = make_dossier(contributor, title="Reims", place="Reims")
    text = HEADER + "Reims;drones;planned;;2021;\n"
    upload = _upload(moderator, text)
    plan = imports.plan_import(bytes(upload.data), upload.mapping, user=moderator)
    # Someone adds the same deployment between the preview and the worker.
    fact_services.add_deployment(
        dossier=dossier,
        by=contributor,
        technology="drones",
        status="planned",
        start_date=datetime.date(2021, 1, 1),
        start_precision="year",
    )
    with django_capture_on_commit_callbacks(execute=True):
        imports.queue_import(upload, by=moderator, digest=plan.digest)
    upload.refresh_from_db()
    assert upload.status == DeploymentImport.Status.FAILED
    assert "ont changé depuis l\u2019aperçu" in upload.error
    assert Deployment.objects.count() == 1
    client.force_login(moderator)
    preview = client.get(f"/facts/import/{upload.token}/preview/")
    assert preview.status_code == 200
    assert "La dernière importation de ce fichier a échoué" in preview.content.decode()
    assert preview.context["plan"].matched == 1


def test_a_stale_running_import_is_run_again_from_scratch(
    moderator, django_capture_on_commit_callbacks
):
    # The worker was killed mid-import: the row says running, nothing of the
    # import's transaction was committed; carre.task_recovery re-queues the task.
    upload, _callbacks = _confirm(
        moderator, EPERNAY, django_capture_on_commit_callbacks, execute=False
    )
    DeploymentImport.objects.filter(pk=upload.pk).update(status="running")
    from facts.tasks import run_import

    assert run_import.call(upload.pk) == "imported"
    assert Deployment.objects.count() == 2
    assert ModerationLog.objects.count() == 1


def test_confirming_twice_or_without_a_preview_is_refused(
    moderator, django_capture_on_commit_callbacks
):
    upload, _callbacks = _confirm(
        moderator, EPERNAY, django_capture_on_commit_callbacks, execute=False
    )
    assert upload.status == DeploymentImport.Status.QUEUED
    with pytest.raises(ValidationError, match="being imported already"):
        imports.queue_import(upload, by=moderator, digest=upload.digest)
    other = _upload(moderator, EPERNAY)
    with pytest.raises(ValidationError, match="from its preview"):
        imports.queue_import(other, by=moderator, digest="")


@pytest.mark.parametrize(
    ("state", "shown", "polls"),
    [
        ("queued", "attend le traitement", True),
        ("running", "est en cours d\u2019importation", True),
        ("imported", "a été importé", False),
        ("failed", "n\u2019a pas été importé", False),
    ],
)
def test_the_status_page_shows_each_state(client, moderator, state, shown, polls):
    upload = _upload(moderator, EPERNAY)
    DeploymentImport.objects.filter(pk=upload.pk).update(
        status=state, summary="2 déploiements créés", error="Une raison précise."
    )
    client.force_login(moderator)
    url = f"/facts/import/{upload.token}/status/"
    page = client.get(url).content.decode()
    assert shown in page
    assert ('hx-trigger="every 2s"' in page) is polls
    assert (f'href="{url}"' in page) is polls  # the reload link without JS
    if state == "failed":
        assert "Une raison précise." in page
    # htmx polls the state alone, not the page.
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert shown in fragment
    assert "<html" not in fragment
    # While the worker has it, the other steps lead here.
    if state != "failed":
        assert client.get(f"/facts/import/{upload.token}/preview/")["Location"] == url
        assert client.get(f"/facts/import/{upload.token}/")["Location"] == url


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_create_a_new_place_once(moderator):
    # Two files name the same new place, both previewed before either runs.
    first = _upload(moderator, HEADER + "Épernay;Vidéoprotection;déployé;;2020;\n")
    second = _upload(moderator, HEADER + "Épernay;drones;planned;;2021;\n")
    first_digest, second_digest = (
        imports.plan_import(bytes(upload.data), upload.mapping, user=moderator).digest
        for upload in (first, second)
    )
    # The second waits for the first's transaction, then finds the place.
    with (
        held_insert(
            lambda: imports.import_deployments(first, by=moderator, digest=first_digest)
        ),
        pytest.raises(imports.ImportChanged),
    ):
        imports.import_deployments(second, by=moderator, digest=second_digest)
    assert Dossier.objects.filter(place="Épernay").count() == 1
    assert Deployment.objects.get().technology == "video_surveillance"
