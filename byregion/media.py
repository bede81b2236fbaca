"""Uploaded images served by the app itself when they live on the local file system.

With one host (docker compose) this is simpler than a separate web server and safe enough: only
the image types cases.images writes are served, each with its own content type, nosniff and a
policy that forbids running anything. With media in S3 (settings.AWS_STORAGE_BUCKET_NAME) the
bucket serves them and this view is not routed.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


@require_safe
def serve_media(request, path):
    """Return the stored image at `path` under MEDIA_ROOT with its content type, or 404."""
    content_type = CONTENT_TYPES.get(Path(path).suffix.lower())
    if content_type is None:
        raise Http404
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except SuspiciousFileOperation as error:
        raise Http404 from error
    if not full_path.is_file():
        raise Http404
    response = FileResponse(full_path.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Stored names are random and never reused, so a copy may be kept for a year.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
