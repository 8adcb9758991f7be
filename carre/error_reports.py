"""What an error report (the mail to ADMINS on a 500) may say about the request.

Django's report lists every request header, the cookies, the query string and
the form. Carré sends no IP address and no session anywhere (docs/security.md),
so the report keeps the method, the path and a few technical headers, and
shows only the names of cookies, query parameters and form fields.
"""

import logging

from django.conf import settings
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

# Request headers that say nothing about who sent the request.
KEPT_META = {
    "CONTENT_LENGTH",
    "CONTENT_TYPE",
    "HTTP_ACCEPT",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_HOST",
    "HTTP_HX_REQUEST",
    "HTTP_HX_TARGET",
    "HTTP_X_FORWARDED_PROTO",
    "PATH_INFO",
    "REQUEST_METHOD",
    "SCRIPT_NAME",
    "SERVER_NAME",
    "SERVER_PORT",
    "SERVER_PROTOCOL",
    "wsgi.url_scheme",
}


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """No addresses, cookies or typed values (DEFAULT_EXCEPTION_REPORTER_FILTER)."""

    def get_safe_request_meta(self, request):
        meta = getattr(request, "META", {})
        return {key: value for key, value in meta.items() if key in KEPT_META}

    def get_safe_cookies(self, request):
        cookies = getattr(request, "COOKIES", {})
        return dict.fromkeys(cookies, self.cleansed_substitute)

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return self._cleanse_multivaluedict(request.POST, "__ALL__")


class PrivateExceptionReporter(ExceptionReporter):
    """The report without the query string (DEFAULT_EXCEPTION_REPORTER).

    Like the logs: a search or a link may carry personal words in it.
    """

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            substitute = self.filter.cleansed_substitute
            data["request_GET_items"] = [(key, substitute) for key in self.request.GET]
            data["request_insecure_uri"] = self.request.path
        return data


class RequireMailServer(logging.Filter):
    """Mail the admins only when mail leaves the machine.

    Without a mail server (CARRE_EMAIL_HOST) mails are printed to the log,
    which already holds the traceback once.
    """

    def filter(self, record):
        backend = settings.MAILERS["default"]["BACKEND"]
        return backend != "django.core.mail.backends.console.EmailBackend"
