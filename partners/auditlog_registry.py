"""Which partner models django-auditlog records: the registry (organisations, contacts) and the
collaboration agenda, so a changed WGS status or priority can always be traced to who and when."""

from auditlog.registry import auditlog

from .models import (
    AgendaAction,
    AgendaPriority,
    CollaborationAgenda,
    Contact,
    Organisation,
    ProgressNote,
    SecondFactorReset,
)

auditlog.register(Organisation, exclude_fields=["version"])
auditlog.register(Contact, exclude_fields=["version"])
auditlog.register(CollaborationAgenda, exclude_fields=["version"])
auditlog.register(AgendaPriority, exclude_fields=["version"], m2m_fields={"kartrekkers"})
auditlog.register(AgendaAction, exclude_fields=["version"])
auditlog.register(ProgressNote)
auditlog.register(SecondFactorReset)  # who asked, who approved, when (issue 20: four-eyes recovery)
