"""Meetings of the working group and its subgroups: minutes, attendees, decisions."""
