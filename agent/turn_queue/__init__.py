"""Chat turns on Celery workers (`TUTOR_TURNS=celery`): the app sends a turn to `tutor worker
--turns`, and every app instance can follow its live events from Redis, so a lesson goes on
when the browser tab closes or the app restarts, and shows wherever its user opens the chat."""
