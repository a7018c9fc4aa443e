"""The in-app notification inbox, with an optional e-mail copy (models, `services.notify`, the `/notifications/`
page). Reminders to late offices use it now; the early-warning alerts extend it."""
