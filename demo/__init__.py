"""Demo data of `make run`: convenant partners, demo users for every role, fake cases, escalations,
plans, surveys, reminders, the collaboration agenda and the processing register, all made through
the real services so that timelines, grants, logs and e-mails are what the application itself
writes. Never installed in production (zvh/settings/production.py leaves it out)."""
