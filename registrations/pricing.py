"""What a booking costs: a line per participant, VAT per rate, totals.

Rounded as EN 16931 requires: each line's net amount to öre; the VAT of a rate
on the sum of that rate's line nets, rounded to öre; totals are sums. Nothing
here is stored: the totals are derived from the participants' price options
(an issued invoice keeps its own copy, in ``invoicing``).
"""

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from events.formatting import money

ORE = Decimal("0.01")
ZERO = Decimal("0.00")


def to_ore(amount):
    """``amount`` rounded to öre (half up, as people round money)."""
    return Decimal(amount).quantize(ORE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    """One participant's price: ``net`` excl. VAT, at ``vat_rate`` (a percentage string)."""

    name: str
    option_name: str
    net: Decimal
    vat_rate: str
    exemption_reason: str = ""
    day: object = None
    registration_id: int | None = None
    price_option_id: int | None = None

    @property
    def vat(self):
        """The line's VAT as shown beside it (the invoice sums VAT per rate)."""
        return to_ore(self.net * Decimal(self.vat_rate) / 100)

    @property
    def gross(self):
        return self.net + self.vat

    @property
    def net_text(self):
        return money(self.net)


@dataclass(frozen=True)
class VatGroup:
    rate: str
    net: Decimal
    vat: Decimal
    exemption_reason: str = ""

    @property
    def rate_percent(self):
        return Decimal(self.rate)


@dataclass(frozen=True)
class Totals:
    lines: tuple
    groups: tuple

    @property
    def net(self):
        return sum((group.net for group in self.groups), ZERO)

    @property
    def vat(self):
        return sum((group.vat for group in self.groups), ZERO)

    @property
    def total(self):
        return self.net + self.vat

    @property
    def is_free(self):
        return self.total == 0


def totals(lines):
    """Totals of ``lines``: VAT per rate (highest rate first) on the sum of its nets."""
    lines = tuple(lines)
    by_rate = {}
    for line in lines:
        key = (line.vat_rate, line.exemption_reason if Decimal(line.vat_rate) == 0 else "")
        by_rate.setdefault(key, []).append(line.net)
    groups = tuple(
        VatGroup(
            rate=rate,
            net=sum(nets, ZERO),
            vat=to_ore(sum(nets, ZERO) * Decimal(rate) / 100),
            exemption_reason=reason,
        )
        for (rate, reason), nets in sorted(by_rate.items(), key=lambda item: -Decimal(item[0][0]))
    )
    return Totals(lines=lines, groups=groups)


def line_for(registration, *, option=None, amount=None):
    """The price line of one participant (their price option unless ``option``), or None
    when they have none. ``amount`` replaces the option's price (a cancellation fee)."""
    option = option or registration.price_option
    if option is None:
        return None
    return Line(
        name=registration.full_name,
        option_name=option.name,
        net=to_ore(option.amount if amount is None else amount),
        vat_rate=option.vat_rate or "0",
        exemption_reason=option.vat_exemption_reason,
        day=registration.booked_day,
        registration_id=registration.pk,
        price_option_id=option.pk,
    )


def charged_lines(registrations):
    """The lines of those who pay: who hold a place (confirmed or attended) at their
    price, and who cancelled late at the cancellation fee; the others pay nothing."""
    lines = []
    for registration in registrations:
        if registration.is_active:
            lines.append(line_for(registration))
        elif registration.cancellation_fee is not None and registration.status == "cancelled":
            line = line_for(registration, amount=registration.cancellation_fee)
            if line is not None:
                name = gettext("Cancellation fee, %(option)s") % {"option": line.option_name}
                lines.append(replace(line, option_name=name))
    return [line for line in lines if line is not None]


def booking_totals(registrations):
    """Totals of ``charged_lines``, in the order given."""
    return totals(charged_lines(registrations))
