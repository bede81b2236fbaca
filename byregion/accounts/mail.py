"""Sending e-mail after the answer: one background thread, in the order messages were handed in.

Used where the time an e-mail takes to send would tell a visitor something (password reset). A
failed send is logged, never raised into a request.
"""

import logging
from concurrent.futures import ThreadPoolExecutor

logger = logging.getLogger(__name__)
_sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="byregion-mail")


def _log_failure(future):
    if future.exception() is not None:
        logger.error("An e-mail could not be sent", exc_info=future.exception())


def send_later(message):
    """Hand this EmailMessage to the background sender and return at once."""
    _sender.submit(message.send).add_done_callback(_log_failure)


def wait_until_sent():
    """Return once every message handed in so far has been sent (or has failed)."""
    _sender.submit(lambda: None).result()
