"""Run the beat job `dashboard-cijfers` by hand: compute and store the dashboard figures managers
open most (dashboard/figures.py). `--cold-runs N` instead times N direct computations of the
default selection, stores nothing and prints JSON (bench/run.py reports their median)."""

import json
import statistics

from django.core.management.base import BaseCommand

from dashboard.figures import cold_timings, warm_figures


class Command(BaseCommand):
    help = "Berekent de stuurinformatie die managers het vaakst openen en slaat die op (zoals de beat-taak)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--cold-runs",
            type=int,
            default=0,
            help="meet alleen: zoveel keer de standaardselectie direct berekenen; JSON met de tijden (ms)",
        )

    def handle(self, *args, **options):
        runs = options["cold_runs"]
        if runs:
            timings = cold_timings(runs)
            self.stdout.write(json.dumps({"cold_ms": timings, "median_ms": statistics.median(timings)}))
            return
        timings = warm_figures()
        if not timings:
            self.stdout.write("Stuurinformatie wordt niet bewaard (DASHBOARD_CACHE_SECONDS = 0): niets gedaan.")
            return
        summary = ", ".join(f"{name}: {ms:.0f} ms" for name, ms in timings.items())
        self.stdout.write(self.style.SUCCESS(f"Stuurinformatie opgeslagen ({summary})."))
