"""Serving a finished export to its owner (page and API)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from waspada.incidents.exports.services import download_name
from waspada.incidents.exports.writers import WRITERS
from waspada.incidents.models import ExportJob, ExportStatus


def file_response(job: ExportJob | None) -> FileResponse:
    """The file as an attachment, streamed from storage; 404 when not the user's, not ready, or cleaned up."""
    if job is None or job.status != ExportStatus.DONE or not job.file:
        raise Http404(_("No finished export with this id."))
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("This export's file was removed; request it again.")) from error
    response = FileResponse(handle, as_attachment=True, filename=download_name(job),
                            content_type=WRITERS[job.format].content_type)  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response
