"""Retention, the privacy officer's feature: terms and extensions, what is due (now and in the
coming 4 weeks), and the nightly job that destroys what each model's `data_retention` declaration
says (vocabulary in zvh/data_retention.py)."""
