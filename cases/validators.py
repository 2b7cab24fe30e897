from django.core.exceptions import ValidationError

from zvh.forms import ascii_digits


def is_valid_bsn(value: str) -> bool:
    """The elfproef for a burgerservicenummer: 9 digits, weights 9..2 and -1, sum divisible by 11."""
    if len(value) != 9 or not ascii_digits(value) or value == "000000000":
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0


def validate_bsn(value: str) -> None:
    if not value:
        return
    if len(value) != 9 or not ascii_digits(value):
        raise ValidationError("Een BSN bestaat uit precies 9 cijfers.", code="bsn_format")
    if not is_valid_bsn(value):
        raise ValidationError("Dit is geen geldig BSN (de elfproef klopt niet).", code="bsn_elfproef")
