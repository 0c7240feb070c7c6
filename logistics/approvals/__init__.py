"""Approvals as data: a chain of steps per school and kind of document, decided
by roles or named people within amount bands, with a collective step, deputies,
and one inbox at ``/approvals/`` for everything waiting for a person.

- ``models``: chains and their steps (what the school decided), an approval per
  document with a copy of the steps that apply (its stages), one decision per
  stage, and delegations (代理).
- ``services``: start, decide (one or several), cancel; delegations; chain edits.
- ``selectors``: who may decide a stage now, and what waits for a person.
- Apps declare their kinds of document with ``registry.add_approval_kind``; the
  core calls them back when a chain completes or a step rejects, and never
  imports them.
"""
