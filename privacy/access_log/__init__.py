"""The privacy officer's access-log viewer: search by person, reference, user, organisation,
period, action, result and break-glass, and the streamed CSV export. A feature on top of the
privacy kernel (it reads `privacy.selectors`, logs through `privacy.services`); the kernel never
imports it. Viewing and exporting the log is itself logged."""
