"""Early warnings (issue 15): what in the group's work needs someone's attention now.

A warning is a row that breaks one declared rule (:mod:`.rules`): a monitored commitment
with no owner, a subgroup that has stopped meeting, an action item nobody owns. The rules
read the data as it stands — nothing is stored, so a fixed row stops warning at once — and
each says what is wrong, what to do and where. :mod:`.queries` counts and pages them in a
fixed number of queries whatever the data size; :mod:`.views` is the page, the header's
count and the board's panel; ``tracker/api/warnings.py`` the JSON.
"""
