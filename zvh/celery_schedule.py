"""The Celery beat schedule, in code. Wired into settings as CELERY_BEAT_SCHEDULE."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Destroy or anonymise personal data past its retention term (privacy/retention/).
    "retentie-nachtelijk": {
        "task": "privacy.tasks.run_retention_task",
        "schedule": crontab(hour=2, minute=30),
    },
    # Defence in depth: stored grants of every open case compared with the policy, drift repaired
    # and recorded for the privacy officer (privacy/grant_audit/).
    "toegang-controleren": {
        "task": "privacy.tasks.audit_grants_task",
        "schedule": crontab(hour=3, minute=15),
    },
    # Deputies (vervanging) gain and lose case grants as their period starts and ends; before the
    # working day and before the nightly grant audit, which would otherwise report the change as drift.
    "vervanging-toegang": {
        "task": "cases.tasks.sync_deputy_access_task",
        "schedule": crontab(hour=0, minute=5),
    },
    # Hand over outbox messages still waiting (e.g. kept in PostgreSQL while Redis was down).
    "outbox-verzenden": {
        "task": "notifications.tasks.dispatch_outbox_task",
        "schedule": crontab(minute="*/5"),
    },
    # Action deadlines and plan evaluations (cases/reminders.py). Daily in effect (one reminder per occasion), checked
    # every working hour so a run missed while the broker was down is made up the same day.
    "herinneringen": {
        "task": "cases.tasks.send_reminders_task",
        "schedule": crontab(minute=5, hour="7-17"),
    },
    # The daily digest (notifications/digest.py): at 07:00 one e-mail per user and kind for what they chose to
    # receive once a day; later hours only make up a run missed while the broker was down (one per day by its key).
    # Also removes read in-app messages older than NOTIFICATIONS_KEEP_DAYS.
    "dagoverzicht": {
        "task": "notifications.tasks.compose_digests_task",
        "schedule": crontab(minute=0, hour="7-17"),
    },
    # Search terms of the case list's last searches, kept for paging, forgotten after a working day
    # (cases/services/saved_filters.py; a logout forgets them at once).
    "zoekopdrachten-vergeten": {
        "task": "cases.tasks.forget_old_searches_task",
        "schedule": crontab(minute=25),
    },
    # One reminder to professionals who did not answer the closure survey within a week.
    "enquete-herinneringen": {
        "task": "cases.tasks.survey_reminders_task",
        "schedule": crontab(minute=15, hour="9-16"),
    },
    # Dashboard figures managers open most, computed ahead (dashboard/figures.py, issue 8): a
    # manager's request reads them instead of running the aggregate queries. Kept for
    # DASHBOARD_CACHE_SECONDS (300), so they stay while the job runs.
    "dashboard-cijfers": {
        "task": "dashboard.tasks.warm_dashboard_task",
        "schedule": crontab(minute="*/2"),
    },
}

# What each entry does, in Dutch, for the functional admin's read-only schedule page.
DESCRIPTIONS = {
    "retentie-nachtelijk": (
        "Bewaartermijnen: anonimiseert afgesloten casussen en aanmeldingen waarvan de termijn is verstreken."
    ),
    "toegang-controleren": (
        "Controleert de toegangsrechten van elke lopende casus tegen de regels, herstelt afwijkingen en meldt elk "
        "herstel aan de privacyfunctionaris."
    ),
    "vervanging-toegang": (
        "Geeft vervangers toegang tot de lopende casussen van een afwezige procesregisseur op de eerste dag van de "
        "vervanging, en neemt die na de laatste dag weer af."
    ),
    "outbox-verzenden": (
        "Verstuurt e-mails die nog wachten, bijvoorbeeld omdat de berichtenwachtrij (Redis) even niet bereikbaar was."
    ),
    "herinneringen": (
        "Herinneringen over acties waarvan de deadline nadert of verstreken is, en plannen die geëvalueerd "
        "moeten worden (één per gelegenheid)."
    ),
    "dagoverzicht": (
        "Stelt om 07:00 het dagoverzicht op: één e-mail per gebruiker en soort bericht voor wie die berichten één "
        "keer per dag wil ontvangen (later op de dag alleen als de run van 07:00 is gemist). Verwijdert ook "
        "gelezen berichten in de applicatie die ouder zijn dan 90 dagen."
    ),
    "zoekopdrachten-vergeten": (
        "Vergeet elk uur de zoektermen van laatste zoekopdrachten in de casuslijst die een werkdag niet zijn "
        "gebruikt (uitloggen vergeet ze meteen)."
    ),
    "enquete-herinneringen": (
        "Eén herinnering aan professionals die het tevredenheidsonderzoek na een week nog niet hebben ingevuld."
    ),
    "dashboard-cijfers": (
        "Berekent elke twee minuten de stuurinformatie die managers het vaakst openen (dit en vorig jaar, het "
        "dashboard en de kerncijfers Levensloopaanpak), zodat het dashboard direct opent."
    ),
}
