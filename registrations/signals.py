"""What other apps may want to hear about, sent inside the transaction that made it.

``billing_changed``: who is charged in a booking may have changed (a booking made,
a participant cancelled or moved to another price). Sent with ``booking`` and
``reason`` ("created", "cancelled", "price_changed"). ``invoicing`` listens, so
that registrations never imports it.
"""

from django.dispatch import Signal

billing_changed = Signal()
