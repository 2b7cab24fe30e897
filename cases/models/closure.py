"""What is recorded when a case closes and what it met on the way (issue 15).

- `CaseEvaluation`: the evaluation written before closure: per goal of the current plan a
  `GoalEvaluation` (behaald / deels behaald / niet behaald, with a short explanation) and what
  worked. One per closing (a reopened case that closes again gets a new one); the case summary PDF
  shows the latest. What became of each open action at closure is the action's own status
  (`ActionStatus`), set in the same transaction. Rules: cases/services/closure.py.
- `CaseBottleneck`: a bottleneck (knelpunt) met during a case, in a category of the managed list
  the escalation form uses (`BottleneckCategory`), optionally escalated to management. The
  dashboard's bottleneck radar counts them per category and quarter beside the escalations' ones;
  managers see only those counts, never the description."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zvh.data_retention import BLANK, DataRetention, NotPersonal


class GoalResult(models.TextChoices):
    ACHIEVED = "behaald", "Behaald"
    PARTLY = "deels_behaald", "Deels behaald"
    NOT_ACHIEVED = "niet_behaald", "Niet behaald"


class CaseEvaluation(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="evaluations")
    what_worked = models.TextField("wat werkte", max_length=4000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("vastgelegd op", default=timezone.now)

    data_retention = DataRetention(
        case="case",
        what_worked=BLANK,
    )

    class Meta:
        ordering = ["case", "-recorded_at", "-pk"]
        verbose_name = "evaluatie bij afsluiting"
        verbose_name_plural = "evaluaties bij afsluiting"

    def __str__(self):
        return f"Evaluatie {self.case}"


class GoalEvaluation(models.Model):
    evaluation = models.ForeignKey(CaseEvaluation, on_delete=models.CASCADE, related_name="goal_results")
    goal = models.ForeignKey("cases.Goal", on_delete=models.CASCADE, related_name="+")
    result = models.CharField("resultaat", max_length=20, choices=GoalResult.choices)
    explanation = models.CharField("toelichting", max_length=500, blank=True)

    data_retention = DataRetention(
        case="evaluation__case",
        result=NotPersonal("resultaat per doel (code)"),
        explanation=BLANK,
    )

    class Meta:
        ordering = ["evaluation", "goal__domain__sort_order", "goal__sort_order", "goal__pk"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "goal"], name="one_result_per_goal")]
        verbose_name = "resultaat per doel"
        verbose_name_plural = "resultaten per doel"

    def __str__(self):
        return f"{self.goal}: {self.get_result_display()}"

    @property
    def result_tone(self) -> str:
        """The badge modifier for the result."""
        return {GoalResult.ACHIEVED: "ok", GoalResult.PARTLY: "info"}.get(self.result, "warning")


class CaseBottleneck(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="bottlenecks")
    category = models.ForeignKey(
        "cases.BottleneckCategory", verbose_name="knelpunt", on_delete=models.PROTECT, related_name="case_bottlenecks"
    )
    description = models.TextField("korte beschrijving", max_length=1000)
    escalate_to_management = models.BooleanField("opschalen naar het management", default=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("geregistreerd op", default=timezone.now)

    data_retention = DataRetention(
        case="case",
        description=BLANK,
    )

    class Meta:
        ordering = ["case", "-registered_at", "-pk"]
        verbose_name = "knelpunt in een casus"
        verbose_name_plural = "knelpunten in casussen"
        # The radar counts a period's registrations per category (dashboard/selectors.py).
        indexes = [models.Index(fields=["registered_at", "category"], name="case_bottleneck_radar_idx")]

    def __str__(self):
        return f"{self.case}: {self.category}"
