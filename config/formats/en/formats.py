"""How English pages, e-mails, lists and the admin write dates and times.

The site's English follows British usage, as its Swedish readers expect:
"27 April 2017, 09:00" rather than Django's default "April 27, 2017, 9 a.m.".
Input formats and numbers ("4,200") come from Django's locale data.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
