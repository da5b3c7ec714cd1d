"""The page « Données ouvertes » and the files it offers: each dataset's archive, its schemas, the
Data Package of the whole collection and the licence. Files are served by name from the registry of
datasets, never by listing a directory."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .datasets import DATASETS, FORMATS, table_schema
from .services import dumps


def _dataset(name):
    try:
        return DATASETS[name]
    except KeyError:
        raise Http404("Ce jeu de données n'existe pas.") from None


@require_safe
def index(request):
    listed = dumps.catalogue()
    return render(
        request,
        "opendata/index.html",
        {"listed": listed, "any_dump": any(item["dump"] for item in listed)},
    )


@require_safe
def download(request, name):
    dataset = _dataset(name)
    line = dumps.read_index().get(name)
    try:
        handle = dumps.archive_path(dataset.name).open("rb")
    except FileNotFoundError:
        raise Http404("Ce jeu de données n'a pas encore été produit.") from None
    filename = f"passerelles-{dataset.name}-{line['date']}.zip" if line else f"passerelles-{dataset.name}.zip"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/zip")


def _json(data, filename):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def schema(request, name, fmt):
    dataset = _dataset(name)
    if fmt not in FORMATS:
        raise Http404("Ce format n'existe pas.")
    return _json(table_schema(dataset, fmt), dumps.schema_name(dataset, fmt))


@require_safe
def site_datapackage(request):
    return _json(dumps.site_datapackage(), "datapackage.json")


@require_safe
def licence(request):
    return FileResponse(
        dumps.LICENCE_FILE.open("rb"), content_type="text/plain; charset=utf-8", filename=dumps.LICENCE_FILE.name
    )
