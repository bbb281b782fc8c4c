"""Thin views of API.md §2: parse with an input serializer, call one service or selector, render.

Every object a mentor edits is looked up within the caller's own profile, so another mentor's
id is a 404 (the selectors raise it); staff routes answer 403 to anyone else.
"""
