"""What every answer of the site shares: security headers, a limit on the size of requests,
the client's address behind a proxy, and a page in plain German when the database does not
answer."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

log = logging.getLogger(__name__)

# Twilio's webhooks and the staff's forms are a few kilobytes: anything much larger is refused
# with 413 from its Content-Length, before a byte of it is read (and before the signature
# check, which needs the form). Uploads of audio have their own limit, UPLOAD_MAX_MB.
REQUEST_MAX_BYTES = 64 * 1024
UPLOAD_ENDPOINTS = frozenset(
    {
        "admin.new_announcement",
        "admin.edit_announcement",
        "admin.replace_prompt",
        "simulator.act",  # a recording from the browser phone's microphone
    }
)

# Every page is served from here: no CDN, no inline script or style (templates load theirs
# from static files), and no framing by other sites. Audio may also come from Twilio, whose
# copy of a recording the admin plays until ours is fetched.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "media-src 'self' https://*.twilio.com",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # admin addresses name residents; they stay here
}
DATABASE_DOWN = (OperationalError, InterfaceError)


def init_app(app: Flask) -> None:
    """Register the limits, headers and outage page (before CSRF reads any form)."""
    if app.config["TRUSTED_PROXIES"]:
        # Only X-Forwarded-For: the client's address, as the proxy saw it. A header that a
        # client sends itself past no proxy is ignored (TRUSTED_PROXIES=0).
        proxies = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies)  # type: ignore[method-assign]
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = REQUEST_MAX_BYTES
    app.before_request(limit_size)
    app.after_request(add_headers)
    for error in DATABASE_DOWN:
        app.register_error_handler(error, database_down)


def upload_limit() -> int:
    """The largest upload staff may send, in bytes."""
    return int(current_app.config["UPLOAD_MAX_MB"]) * 1024 * 1024


def limit_size() -> None:
    """Refuse a body that is too large by its declared length; uploads may be larger.

    Werkzeug also stops reading a body without a length at the limit, so a chunked upload
    cannot get round it."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = upload_limit()
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def database_down(error: Exception) -> ResponseReturnValue:
    """A page for people, 503, when the database does not answer (the webhooks apologise in
    their own way, and /health reports it as JSON)."""
    log.error("the database does not answer (%s %s): %s", request.method, request.path, error)
    page = render_template("unavailable.html")
    return page, 503, {"Retry-After": "60"}
