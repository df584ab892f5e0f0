"""Municipalities: the top of the data, and the one mechanism that keeps each one's apart.

Every row of a municipality's data carries ``municipality_id`` (:class:`MunicipalScoped`);
:mod:`.scope` applies the request's municipalities to every ORM query and stamps new rows,
so no view, query or operation repeats a ``where``.
"""
