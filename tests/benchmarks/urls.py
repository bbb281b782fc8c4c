"""The project's routes plus the baseline view of `make bench` (config.settings.bench only)."""

from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns
from tests.benchmarks.views import baseline

BASELINE_PATH = "bench/baseline"

urlpatterns = [path(BASELINE_PATH, baseline, name="bench-baseline"), *project_urlpatterns]
