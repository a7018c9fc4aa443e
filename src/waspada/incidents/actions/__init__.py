"""Every write to an incident (DESIGN.md §3: the only code that mutates incidents), one module per action.

Each action takes a `Writer` (who writes, with the scope worked out once per request) and, for create and
update, an `inputs.IncidentInput`; it checks everything first and raises incidents.errors (Invalid, Denied...)
with nothing written, and returns what it did (`results`) rather than setting it on the incident.

    create.py      a user's report, a gateway's report; grouped with concurrent ones (group_commit.py)
    update.py      only the given fields; actors replaced, sources added
    transition.py  the workflow's moves (its rules: incidents.workflow); merge.py for duplicates
    reveal.py      the audited informant reveal
    attach.py      an image or PDF attached; followup.py: follow-up actions added and updated
    keys.py        informants re-encrypted under the current key

Shared steps: fields.py (an input checked and set, field by field), place.py (regions, points, scope),
related.py (actors, sources), derived.py (codes, search text, corroboration, the audit snapshot), stages.py
(the elections calendar), insert.py (the one insert of new incidents, alone or in a batch).
"""
