"""Attachments are accepted by what they contain, not by their name: a readable PDF or an image
(PNG, JPEG, WebP, GIF) under the configured size. Anything else is refused in French, and then
nothing is stored — no row, no file."""

import io
import os
import warnings

from django.conf import settings
from django.db import transaction
from django.utils.text import get_valid_filename
from PIL import Image, UnidentifiedImageError

from passerelles.core.storage import delete_on_commit, discarded_on_error, save_file
from passerelles.core.uploads import FileRefused, check_size, open_pdf

from ..models import Attachment
from .revisions import record_revision
from .workflow import check_can_edit

IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}


AttachmentRefused = FileRefused


def max_size_mb():
    return settings.PASSERELLES["ATTACHMENT_MAX_MB"]


def inspect(data):
    """(kind, extension, pages) of an acceptable file, or AttachmentRefused."""
    check_size(len(data), max_size_mb())
    if data.lstrip()[:5] == b"%PDF-":
        return Attachment.Kind.PDF, "pdf", len(open_pdf(data).pages)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                image_format = image.format
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise AttachmentRefused(
            "Ce fichier n'est ni un PDF lisible ni une image (PNG, JPEG, WebP ou GIF), quel que soit son nom."
        ) from error
    except Exception as error:
        raise AttachmentRefused("Cette image est endommagée ou illisible.") from error
    if image_format not in IMAGE_FORMATS:
        raise AttachmentRefused(f"Format d'image non accepté ({image_format}) : PNG, JPEG, WebP ou GIF.")
    return Attachment.Kind.IMAGE, IMAGE_FORMATS[image_format], None


@transaction.atomic
def attach(user, sheet, title, uploaded):
    check_can_edit(user, sheet)
    check_size(uploaded.size, max_size_mb())
    data = uploaded.read()
    kind, extension, pages = inspect(data)
    stem = get_valid_filename(os.path.splitext(uploaded.name)[0])[:80] or "piece-jointe"
    attachment = Attachment(
        sheet=sheet,
        title=title.strip()[:200] or stem,
        kind=kind,
        size=len(data),
        pages=pages,
        checked_pdf=kind == Attachment.Kind.PDF,  # open_pdf checked its active content
    )
    with discarded_on_error(save_file(attachment.file, f"{stem}.{extension}", data)):
        attachment.save()
        record_revision(sheet, user, f"pièce jointe ajoutée : {attachment.title}")
    return attachment


@transaction.atomic
def detach(user, attachment):
    check_can_edit(user, attachment.sheet)
    title, sheet = attachment.title, attachment.sheet
    attachment.delete()
    record_revision(sheet, user, f"pièce jointe retirée : {title}")
    delete_on_commit([attachment.file])
