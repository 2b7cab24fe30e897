"""Data subjects' requests (inzage, correctie, verwijdering) and the register of processing
activities (AVG art. 30), a feature on top of the privacy kernel. The rule of who may handle them
is `privacy.policy.may_handle_subject_requests`; every search, confirmation and report is logged
through the kernel's `privacy.services.log_access`. The kernel never imports this package."""
