"""Docker HEALTHCHECK: exit 0 when /helse/ answers 200 (the database is reachable), 1 otherwise."""

import os
import sys
import urllib.error
import urllib.request

# Django only answers host names it knows; ask for the first one (a leading dot means any subdomain).
hosts = [host.strip() for host in os.environ.get("ALLOWED_HOSTS", "").split(",") if host.strip()]
host = hosts[0].lstrip(".") if hosts and hosts[0] != "*" else "localhost"
request = urllib.request.Request(
    f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/helse/", headers={"Host": host}
)
try:
    with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310 (loopback only)
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError) as error:
    print(f"health check failed: {error}", file=sys.stderr)
    sys.exit(1)
