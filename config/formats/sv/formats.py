"""How Swedish pages, e-mails, lists and the admin write dates and times.

Only the display formats that differ from Django's own Swedish ones: a time is
"09.00", and "kl." stands between a date and a time ("27 april 2017 kl. 09.00").
Input formats, numbers ("4 200", with a no-break space) and the rest come from
Django's locale data.
"""

TIME_FORMAT = "H.i"
DATETIME_FORMAT = r"j F Y \k\l. H.i"
