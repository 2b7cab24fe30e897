"""Break-glass ("doorbraaktoegang"), a feature on top of the privacy kernel: a procesregisseur or
the privacy officer opens a case outside their own with a recorded reason, read-only and for a
limited time; the privacy officer reviews every access. What an access allows is decided by the
kernel's `privacy.policy.access_on`; the kernel never imports this package."""
