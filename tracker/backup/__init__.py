"""Backing up and restoring the whole database (``flask backup``, ``flask restore``).

Foundation level: it knows the database and the migrations, no area's models.
"""
