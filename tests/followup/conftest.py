from milepael.followup import services

# The follow-up fixtures (round_plan, open_round, ejendomme_reporter, other_reporter,
# own_initiative, blank_milestone_initiative) live in tests/conftest.py.

GREEN = services.RatingInput(effort="green", economy="green", effort_comment="Nået.")
