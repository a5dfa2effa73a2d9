"""Danish date and time formats as Danish documents write them: »4. december 2026 kl. 15.03«.

Django's own Danish formats write the time with a colon (15:03); Danish orthography and the
municipality's documents use a full stop after »kl.«. Everything else is Django's
(django/conf/locale/da/formats.py); Django reads this module before its own.
"""

DATE_FORMAT = "j. F Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
SHORT_DATETIME_FORMAT = r"d.m.Y \k\l. H.i"
MONTH_DAY_FORMAT = "j. F"
