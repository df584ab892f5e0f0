"""What the public may see, declared once for every kind (issue 13).

The public site, the public calendar and Atom feeds, and the open-data exports all read
:mod:`.rules`; none of them decides for itself. It sits above every area (it reads their
models) and below the aggregators that publish.
"""
