"""The follow-up pages, one module per part of the round: rounds (open, close, remind),
the worklist (rating in the list), the single rating page, the review, the initiative and
smiley pages, and the calendar. Views parse the request, name their rule, call one service
and render; the rules are in followup/services.py, the queries in followup/selectors.py."""
