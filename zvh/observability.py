"""Optional error reporting (Sentry) and tracing (OpenTelemetry), both off by default.

Turned on by the environment only: SENTRY_DSN for errors, OTEL_EXPORTER_OTLP_ENDPOINT for traces.
Neither may carry personal data out of the ZVH: Sentry gets no request bodies, cookies, headers,
query strings, user names or local variables (send_default_pii off, include_local_variables off,
and `scrubbed_event` removes what the SDK still collects); traces carry the route, not the URL.
"""

import os

from zvh.logging import masked

SENSITIVE_REQUEST_KEYS = ("data", "cookies", "headers", "query_string", "env")


def scrubbed_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry's before_send: what leaves the ZVH is the error, where it happened and the request
    id — nothing a person typed or is named by."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in SENSITIVE_REQUEST_KEYS:
            request.pop(key, None)
        if "url" in request:
            request["url"] = str(request["url"]).split("?", 1)[0]
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    event.pop("extra", None)
    for breadcrumb in (event.get("breadcrumbs") or {}).get("values", []):
        breadcrumb.pop("data", None)
        if "message" in breadcrumb:
            breadcrumb["message"] = masked(str(breadcrumb["message"]))
    for exception in (event.get("exception") or {}).get("values", []):
        if "value" in exception:
            exception["value"] = masked(str(exception["value"]))
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    if "message" in event:
        event["message"] = masked(str(event["message"]))
    return event


def _span_without_query(span, request) -> None:
    """The instrumentation records the full URL; a query string can hold a search term."""
    if span is None or not span.is_recording():
        return
    path = request.path
    for key in ("http.url", "url.full"):
        span.set_attribute(key, request.build_absolute_uri(path))
    for key in ("http.target", "url.path"):
        span.set_attribute(key, path)
    span.set_attribute("url.query", "")


def configure() -> list[str]:
    """Start what the environment asks for; returns the names of what was started."""
    started = []
    dsn = os.environ.get("SENTRY_DSN", "")
    if dsn:
        # import here: only a deployment that reports errors loads the SDK
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration

        sentry_sdk.init(
            dsn=dsn,
            environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
            release=os.environ.get("ZVH_VERSION") or None,
            send_default_pii=False,
            include_local_variables=False,
            max_request_body_size="never",
            traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
            before_send=scrubbed_event,
            integrations=[DjangoIntegration(transaction_style="url")],
        )
        started.append("sentry")
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        # import here: only a deployment that exports traces loads OpenTelemetry
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.instrumentation.django import DjangoInstrumentor
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        provider = TracerProvider(
            resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "zvh-zaaksysteem")})
        )
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(provider)
        # Spans are named by the route (/casussen/<reference>/), and carry no query strings.
        os.environ.setdefault("OTEL_PYTHON_DJANGO_EXCLUDED_URLS", "gezondheid/")
        DjangoInstrumentor().instrument(is_sql_commentor_enabled=False, request_hook=_span_without_query)
        started.append("opentelemetry")
    return started
