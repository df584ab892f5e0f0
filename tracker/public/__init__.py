"""The public transparency site of a municipality (``/p/<slug>/``): what is public is
declared once in :mod:`.rules`; :mod:`.views` only shows it. An aggregator: it reads every
area, and nothing imports it but the app factory."""
